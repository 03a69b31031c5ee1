"""Reading ``mongoexport`` output: Extended JSON (``$oid``, ``$date`` as an ISO string or
``{"$numberLong": …}``), one document per line or one JSON array, each with its line number."""

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path


class BadRecord(Exception):
    """A record (or a stretch of a file) that cannot be imported."""


class _InvalidValue:
    """An Extended JSON value that could not be decoded; the field check reports it."""

    def __init__(self, raw):
        self.raw = raw


def _extended_json(obj: dict):
    """``json`` object hook for the Extended JSON types mongoexport writes."""
    if len(obj) != 1:
        return obj
    ((kind, value),) = obj.items()
    try:
        if kind in ("$oid", "$uuid"):
            return str(value)
        if kind in ("$numberLong", "$numberInt"):
            return int(value)
        if kind == "$numberDouble":
            return float(value)
        if kind == "$date":
            if isinstance(value, int):
                return datetime.fromtimestamp(value / 1000, tz=UTC)
            parsed = datetime.fromisoformat(value)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return _InvalidValue(obj)
    return obj


def _as_document(value) -> dict | BadRecord:
    return value if isinstance(value, dict) else BadRecord("not a JSON object")


def _array_documents(text: str, position: int) -> Iterator[tuple[int, dict | BadRecord]]:
    decoder = json.JSONDecoder(object_hook=_extended_json)
    whitespace = re.compile(r"\s*")
    line, counted = 1, 0
    while True:
        position = whitespace.match(text, position).end()
        line, counted = line + text.count("\n", counted, position), position
        if position >= len(text):
            yield line, BadRecord("the JSON array is not closed")
            return
        if text[position] == "]":
            return
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            yield line, BadRecord(f"not valid JSON ({exc.msg}); the rest of the file was skipped")
            return
        yield line, _as_document(value)
        position = whitespace.match(text, position).end()
        if text.startswith(",", position):
            position += 1
        elif not text.startswith("]", position):
            yield line, BadRecord("expected ',' or ']' after the record; the rest of the file was skipped")
            return


def read_documents(path: Path) -> Iterator[tuple[int, dict | BadRecord]]:
    """``(line number, document or BadRecord)`` for a JSON-lines or JSON-array export."""
    text = path.read_text(encoding="utf-8-sig")
    start = len(text) - len(text.lstrip())
    if text.startswith("[", start):
        yield from _array_documents(text, start + 1)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, _as_document(json.loads(line, object_hook=_extended_json))
        except json.JSONDecodeError as exc:
            yield number, BadRecord(f"not valid JSON ({exc.msg})")
