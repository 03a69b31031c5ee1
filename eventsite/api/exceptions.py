"""One exception handler for DRF views and Django's error handlers for the rest.

Every 4xx/5xx answer carries the same envelope (see ``eventsite.api.errors``). The services
raise ``ApplicationError``s, which know nothing of HTTP: ``STATUS_BY_ERROR`` below is the one
place that says how each kind is answered.
"""

import logging
import sys

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict
from rest_framework.views import exception_handler, set_rollback

from eventsite.api.errors import error_body, error_response
from eventsite.runtime.errors import (
    ApplicationError,
    Conflict,
    InvalidCredentials,
    InvalidInput,
    NotFound,
    RateLimited,
)
from eventsite.runtime.transactions import CommitOutcomeUnknown, TransactionConflict

logger = logging.getLogger(__name__)

NON_FIELD_KEY = "nonFieldErrors"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is temporarily unavailable."
    default_code = "service_unavailable"


# The answer to each kind of domain error, looked up along its class's MRO: a subclass (say
# ``EventHasRsvps``, a ``Conflict``) is answered as its nearest listed ancestor, and one not
# listed at all as ``ApplicationError``, a request refused as asked. Kept here rather than as
# class attributes so that the domain stays free of HTTP.
STATUS_BY_ERROR: dict[type[ApplicationError], int] = {
    ApplicationError: status.HTTP_400_BAD_REQUEST,
    InvalidInput: status.HTTP_400_BAD_REQUEST,
    InvalidCredentials: status.HTTP_401_UNAUTHORIZED,
    NotFound: status.HTTP_404_NOT_FOUND,
    Conflict: status.HTTP_409_CONFLICT,
    RateLimited: status.HTTP_429_TOO_MANY_REQUESTS,
}

# SQLite's primary result codes for a file that is not, or no longer, a usable database:
# "database disk image is malformed" and "file is not a database". sqlite3 raises them as
# ``DatabaseError``, not ``OperationalError``.
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


def is_database_unavailable(exc: BaseException) -> bool:
    """The database could not be reached or read (as opposed to a bug in a query).

    On MongoDB that is pymongo's ``ConnectionFailure`` (e.g. a server selection
    timeout), raised by the driver on connect or wrapped by the backend in
    ``DatabaseError``; on SQL, ``OperationalError``, or a corrupted SQLite file.
    pymongo is only looked up when already loaded, so the SQL path does not pay
    for importing it.
    """
    pymongo_errors = sys.modules.get("pymongo.errors")
    kinds = (OperationalError,)
    if pymongo_errors is not None:
        kinds += (pymongo_errors.ConnectionFailure,)
    return any(
        isinstance(error, kinds) or _is_unreadable_sqlite_file(error) for error in (exc, exc.__cause__)
    )


def _is_unreadable_sqlite_file(error: BaseException | None) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested validation detail into ``{"field.sub": ["msg", …]}``."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD_KEY if key in ("non_field_errors", "__all__") else str(key)
            out.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return out
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        out = {}
        for index, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return out
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or NON_FIELD_KEY: [str(item) for item in items]}


def _message_and_code(exc: exceptions.APIException) -> tuple[str, str]:
    detail = exc.detail
    if isinstance(detail, dict) and "detail" in detail:
        # simplejwt's InvalidToken carries {"detail", "code", "messages"}.
        return str(detail["detail"]), str(detail.get("code") or exc.default_code)
    if isinstance(detail, list) and len(detail) == 1:
        detail = detail[0]
    code = getattr(detail, "code", None) or exc.default_code
    return str(detail), str(code)


def status_for(error: ApplicationError) -> int:
    return next(STATUS_BY_ERROR[kind] for kind in type(error).__mro__ if kind in STATUS_BY_ERROR)


def _application_error_response(error: ApplicationError, context) -> Response:
    """The envelope for a domain error, with the headers DRF gives its own exceptions of that kind."""
    status_code = status_for(error)
    headers = {}
    if status_code == status.HTTP_401_UNAUTHORIZED:
        # As ``APIView.handle_exception`` does for ``AuthenticationFailed``: 401 needs a challenge.
        view, request = context.get("view"), context.get("request")
        challenge = view.get_authenticate_header(request) if view is not None else None
        if challenge:
            headers["WWW-Authenticate"] = challenge
        else:
            status_code = status.HTTP_403_FORBIDDEN
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.wait)
    set_rollback()
    errors = _flatten(error.errors) if error.errors else None
    body = error_body(error.message, error.code, errors, error.details)
    return Response(body, status=status_code, headers=headers)


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        _render_errors_as_json(context.get("request"))
        return _application_error_response(exc, context)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, TransactionConflict):
        logger.warning("transaction retries exhausted", exc_info=exc)
        exc = ServiceUnavailable(str(exc), code="transaction_conflict")
        exc.wait = TransactionConflict.retry_after_seconds
    elif isinstance(exc, CommitOutcomeUnknown):
        logger.error("transaction commit outcome unknown", exc_info=exc)
        exc = ServiceUnavailable(
            "The database did not confirm the write: it may or may not be saved. Check before retrying.",
            code="commit_outcome_unknown",
        )
    elif is_database_unavailable(exc):
        logger.error("database unavailable", exc_info=exc)
        exc = ServiceUnavailable("Database unavailable.", code="database_unavailable")

    _render_errors_as_json(context.get("request"))
    response = exception_handler(exc, context)
    if response is None:
        # Not an API error: let Django log it and answer through handler500.
        return None

    if isinstance(exc, exceptions.ValidationError):
        body = error_body("Invalid input.", "invalid", _flatten(exc.detail))
        serializer = getattr(exc.detail, "serializer", None)
        if serializer is not None:
            # The browsable API renders the form of the serializer it finds on the answer: with
            # it, a refused form comes back with what was typed and each error by its field.
            body = ReturnDict(body, serializer=serializer)
    else:
        message, code = _message_and_code(exc)
        body = error_body(message, code)
    return Response(body, status=response.status_code, headers=dict(response.items()))


def _render_errors_as_json(request) -> None:
    """The envelope is JSON even where the view renders something else (the iCalendar feeds),
    or where content negotiation failed and DRF would pick the view's first renderer."""
    if request is not None and not isinstance(
        getattr(request, "accepted_renderer", None), JSONRenderer | BrowsableAPIRenderer
    ):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def bad_request(request, exception=None):
    return error_response(400, "Bad request.", "bad_request")


def permission_denied(request, exception=None):
    return error_response(403, "You do not have permission to perform this action.", "permission_denied")


def not_found(request, exception=None):
    return error_response(404, "Not found.", "not_found")


def server_error(request):
    """Django's handler500, called while the exception is being handled: a database that
    failed outside a view (in a middleware) is a 503 too."""
    handled = sys.exc_info()[1]
    if handled is not None and is_database_unavailable(handled):
        return database_unavailable_response()
    return error_response(500, "Internal server error.", "server_error")


def database_unavailable_response():
    return error_response(503, "Database unavailable.", "database_unavailable")
