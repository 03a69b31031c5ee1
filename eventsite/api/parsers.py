"""DRF's JSON parser with a cap on how deeply arrays and objects nest.

The standard library's decoder recurses once per level, so a body of a few thousand ``[``
(far below the size limit) raised ``RecursionError``: a 500. No body of this API nests more
than a few levels, so a deeper one is malformed JSON (400 ``parse_error``), refused before
decoding; anything else is parsed by DRF exactly as before.
"""

import io
import re
from itertools import accumulate

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 64

# A JSON string, escapes included: the brackets inside one nest nothing.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text``, which need not be valid JSON."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


class JSONParser(parsers.JSONParser):
    max_depth = MAX_JSON_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        text = body.decode(parsers.get_encoding(parser_context or {}), errors="replace")
        # Counting every bracket is cheap and bounds the depth: most bodies stop here.
        if text.count("[") + text.count("{") > self.max_depth and json_depth(text) > self.max_depth:
            raise ParseError(f"JSON parse error - nested deeper than {self.max_depth} levels")
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None


# A part's headers must name it (``Content-Disposition: form-data; name="…"``).
_NAMED_PART = re.compile(rb'content-disposition:[^\r\n]*\bname=', re.IGNORECASE)


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, refusing a part without a name: Django skips one silently, so a
    malformed body (``--b\\r\\n[]--b--``) read as an empty form, which a partial update accepts."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        boundary = re.search(r'boundary="?([^";]+)', media_type or "")
        if boundary:
            delimiter = b"--" + boundary[1].encode("latin-1", errors="replace")
            # Between the first delimiter and the closing one; a final "--" ends the body.
            for part in body.split(delimiter)[1:-1]:
                headers = part.split(b"\r\n\r\n", 1)[0]
                if not _NAMED_PART.search(headers):
                    raise ParseError("Multipart form parse error - a part without a name")
        return super().parse(io.BytesIO(body), media_type, parser_context)
