"""JSON log lines on stdout (CloudWatch reads them), one access line per request, no secrets.

Every line carries the request id: API Gateway's ``requestContext.requestId`` on Lambda
(Zappa puts the event in ``request.META["lambda.event"]``), else a well-formed incoming
``X-Request-ID``, else a new one. The id is echoed in the ``X-Request-ID`` response header.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
# Ids are copied into every log line: accept only short, plain tokens from clients.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
REQUEST_FIELDS = ("userId", "apiKeyId", "method", "path", "status", "durationMs")
# Where an authentication class notes the id of the API key a request used (never the key).
API_KEY_ID_ATTRIBUTE = "eventsite_api_key_id"

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Defence in depth: whatever a library puts in a message, these never reach the log.
SECRETS = [
    (re.compile(r"eyJ[\w-]*\.[\w-]*\.[\w-]*"), "[jwt]"),
    (re.compile(r"(?i)\b(bearer|basic|api-key)\s+[^\s\"',]+"), r"\1 [redacted]"),
    (re.compile(r"\besk_[0-9a-f]+_[\w-]+"), "[api-key]"),
    (
        re.compile(
            r"""(?i)(["']?(?:password|token|refreshToken|authorization|secret)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,&}]+)"""
        ),
        r"\1[redacted]",
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in SECRETS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "requestId": request_id_var.get(),
        }
        line.update({field: getattr(record, field) for field in REQUEST_FIELDS if hasattr(record, field)})
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, default=str)


def record_api_key(request, *, key_id: str) -> None:
    """Note on the Django request (DRF's too) the API key it used, for its access line."""
    setattr(getattr(request, "_request", request), API_KEY_ID_ATTRIBUTE, key_id)


def incoming_request_id(request) -> str:
    event = request.META.get("lambda.event")
    if isinstance(event, dict):
        gateway_id = (event.get("requestContext") or {}).get("requestId")
        if isinstance(gateway_id, str) and VALID_REQUEST_ID.fullmatch(gateway_id):
            return gateway_id
    header = request.headers.get(REQUEST_ID_HEADER, "")
    if VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Outermost middleware: sets the request id, then logs one line per request."""

    logger = logging.getLogger("eventsite.request")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            self._log(request, response.status_code, started)
            return response
        finally:
            request_id_var.reset(token)

    def _log(self, request, status: int, started: float) -> None:
        user = getattr(request, "user", None)
        key_id = getattr(request, API_KEY_ID_ATTRIBUTE, None)
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        # The path only: query strings are client-controlled and may carry anything.
        self.logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "userId": str(user.pk) if user is not None and user.is_authenticated else None,
                "method": request.method,
                "path": request.path,
                "status": status,
                "durationMs": round((time.perf_counter() - started) * 1000, 1),
                **({"apiKeyId": key_id} if key_id else {}),
            },
        )


class ClientErrorFilter(logging.Filter):
    """Django logs a refused ``Host`` header as an error with its traceback; it is the client's
    mistake (answered 400 in JSON), so it is kept as a one-line warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
