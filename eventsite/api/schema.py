"""What the views declare for the OpenAPI document, applied when a schema is generated, not at import.

drf-spectacular's ``extend_schema`` resolves the schema class (``DEFAULT_SCHEMA_CLASS``) the
moment it decorates, and a view's own schema class is made as the view's class is: either
imports drf-spectacular's generator and plumbing, some 9 ms of a Lambda cold start
(bench/README.md) that no request needs until one asks for ``/schema``. Here ``extend_schema``
records what to apply, in the order the decorators ran; ``ViewSchema`` names a view's own
schema class; the generator (``eventsite.api.openapi.SchemaGenerator``) applies them all before
it reads any view. The document is the one drf-spectacular's own decorators give.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.utils.module_loading import import_string
from drf_spectacular.utils import OpenApiResponse
from drf_spectacular.utils import extend_schema as spectacular_extend_schema
from rest_framework import serializers

ERROR_DESCRIPTIONS = {
    400: "Invalid input: `errors` names each bad field. Also malformed JSON or a body that is not an object.",
    401: "Missing, malformed, expired or revoked credentials.",
    403: "Not allowed: not the resource's creator or staff, or a browser session without a CSRF token.",
    404: "Not found (also an invalid page number).",
    406: "The Accept header asks for a representation the API cannot produce.",
    409: "The resource already exists.",
    413: "The request body is larger than the configured limit.",
    415: "Unsupported Content-Type.",
    429: "Too many requests; retry after `Retry-After` seconds.",
    503: "The database is unavailable (`database_unavailable`), or concurrent writes kept conflicting "
    "(`transaction_conflict`: nothing was written, retry after `Retry-After` seconds), or the "
    "database did not confirm the write (`commit_outcome_unknown`: check before retrying).",
}

_pending: deque[Callable[[], None]] = deque()
_lock = threading.RLock()  # applying a step may import a module that defers more


class ErrorSerializer(serializers.Serializer):
    """The envelope of every 4xx/5xx answer."""

    message = serializers.CharField(help_text="Human-readable summary.")
    code = serializers.CharField(help_text="Machine-readable error code, e.g. `invalid`, `not_found`.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation messages per field (camelCase; `nonFieldErrors` for the whole body).",
    )


def error(status: int, description: str = "") -> OpenApiResponse:
    """An error response for ``@extend_schema(responses=…)``."""
    return OpenApiResponse(response=ErrorSerializer, description=description or ERROR_DESCRIPTIONS[status])


def _defer(step: Callable[[], None]) -> None:
    with _lock:
        _pending.append(step)


def extend_schema(**kwargs):
    """drf-spectacular's ``@extend_schema(**kwargs)``, applied to the view when a schema is generated."""

    def decorate(target):
        def apply() -> None:
            spectacular_extend_schema(**kwargs)(target)

        _defer(apply)
        return target

    return decorate


def method_schema(path: str):
    """The schema class at ``path`` for one view method: the base of the ``@extend_schema`` above it."""

    def decorate(view_method):
        def apply() -> None:
            view_method.schema = import_string(path)

        _defer(apply)
        return view_method

    return decorate


class ViewSchema:
    """``schema = ViewSchema("dotted.path.Class")``: a view's own schema class, made on first use.

    Read from a view (a request's ``view.schema``), it is that class's inspector for the view;
    when the generator starts, the inspector itself takes its place on the class, in the order
    of the class's declarations, so that the class's ``@extend_schema`` builds on it.
    """

    def __init__(self, path: str):
        self.path = path
        self._inspector = None

    def __set_name__(self, owner, name) -> None:
        _defer(lambda: setattr(owner, name, self.inspector))

    @property
    def inspector(self):
        if self._inspector is None:
            self._inspector = import_string(self.path)()
        return self._inspector

    def __get__(self, instance, owner):
        return self.inspector.__get__(instance, owner)


def apply_deferred() -> None:
    """Import the schema extensions and apply what the views declared, once each."""
    for module in settings.OPENAPI_EXTENSION_MODULES:
        import_module(module)
    with _lock:
        while _pending:
            _pending.popleft()()
