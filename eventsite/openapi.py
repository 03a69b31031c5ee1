"""The OpenAPI document (drf-spectacular): the error envelope and the responses every view can give.

Views declare their success bodies and the errors only they raise (``@extend_schema``);
``AutoSchema`` adds the errors that follow from how a view is configured — authentication,
permissions, request bodies, lookups, pagination, throttles — so none is forgotten.
"""

import re

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

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
HEALTH_UNAVAILABLE_DESCRIPTION = "The database is unavailable."

RESPONSE_HEADERS = {
    401: {
        "WWW-Authenticate": {
            "description": "The authentication scheme to use (Bearer).",
            "schema": {"type": "string"},
        }
    },
    429: {
        "Retry-After": {
            "description": "Seconds to wait before the next attempt.",
            "schema": {"type": "integer"},
        }
    },
    503: {
        "Retry-After": {
            "description": "With `transaction_conflict`: seconds to wait before the next attempt.",
            "schema": {"type": "integer"},
        }
    },
}

BODY_METHODS = {"POST", "PUT", "PATCH"}
ERROR_MEDIA_TYPES = ["application/json"]


class BearerJWTScheme(SimpleJWTScheme):
    """The ``jwtAuth`` bearer scheme also for the project's subclasses of simplejwt's authentication."""

    match_subclasses = True
    priority = -1


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


def envelope(name: str, **fields: serializers.Field) -> serializers.Serializer:
    """A named response body component, e.g. ``{"message", "event"}``."""
    return inline_serializer(name=name, fields=fields)


def message_envelope(name: str, **fields: serializers.Field) -> serializers.Serializer:
    return envelope(name, message=serializers.CharField(), **fields)


class AutoSchema(SpectacularAutoSchema):
    def _can_forbid(self, authenticators) -> bool:
        """403: a permission beyond "authenticated", or a session write without a CSRF token."""
        if self.method in SAFE_METHODS:
            return False
        permissions = self.view.get_permissions()
        return any(not isinstance(p, (AllowAny, IsAuthenticated)) for p in permissions) or any(
            isinstance(auth, SessionAuthentication) for auth in authenticators
        )

    def _error_statuses(self) -> set[int]:
        statuses = {406}
        authenticators = self.view.get_authenticators()
        permissions = self.view.get_permissions()
        if authenticators or not all(isinstance(permission, AllowAny) for permission in permissions):
            statuses.add(401)
        if self._can_forbid(authenticators):
            statuses.add(403)
        if self.method in BODY_METHODS:
            statuses |= {400, 413, 415}
        if self._is_list_view() and self._get_filter_parameters():
            statuses.add(400)
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            statuses.add(404)
        if self.view.get_throttles():
            statuses.add(429)
        if self.method in BODY_METHODS or self.method == "DELETE":
            statuses.add(503)
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in sorted(self._error_statuses()):
            responses.setdefault(
                str(status), self._get_response_for_code(error(status), str(status), ERROR_MEDIA_TYPES)
            )
        for status, response in responses.items():
            # Errors are JSON even where the success body is not (e.g. iCalendar).
            if status >= "400" and "content" in response:
                response["content"] = {"application/json": next(iter(response["content"].values()))}
        for status, headers in RESPONSE_HEADERS.items():
            if str(status) in responses:
                responses[str(status)]["headers"] = headers
        return responses

    def _get_pagination_parameters(self):
        parameters = super()._get_pagination_parameters()
        paginator = self._get_paginator()
        if not isinstance(paginator, PageNumberPagination):
            return parameters
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == paginator.page_size_query_param:
                parameter["schema"]["maximum"] = paginator.max_page_size
                parameter["description"] = (
                    f"Results per page (default {paginator.page_size}, at most {paginator.max_page_size})."
                )
        return parameters


def optional_slash_paths(endpoints, **kwargs):
    """Document each route once, without the trailing slash the routers also accept."""
    documented = []
    seen = set()
    for path, path_regex, method, callback in endpoints:
        if path_regex.endswith("/?$") or (path.endswith("/") and path != "/"):
            path = path.rstrip("/")
        if (path, method) not in seen:
            seen.add((path, method))
            documented.append((path, path_regex, method, callback))
    return documented


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def camel_case_path_parameters(result, **kwargs):
    """``{event_id}`` (the Python URL kwarg) is ``{eventId}`` in the API, like the JSON fields."""
    paths = {}
    for path, operations in result["paths"].items():
        paths[re.sub(r"{(\w+)}", lambda match: "{" + _camel(match[1]) + "}", path)] = operations
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter["name"] = _camel(parameter["name"])
    result["paths"] = paths
    return result


# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], so other "status" enums do not collide.
HEALTH_OK = ["ok"]
HEALTH_UNAVAILABLE = ["unavailable"]

ROOT_LINKS = (
    "register",
    "login",
    "me",
    "tokenRefresh",
    "logout",
    "events",
    "createEvent",
    "allEvents",
    "health",
    "admin",
)

api_root_schema = extend_schema(
    summary="Links to every part of the API",
    responses=envelope("ApiRoot", **{name: serializers.URLField() for name in ROOT_LINKS}),
    tags=["meta"],
)

health_schema = extend_schema(
    summary="Liveness, with a database round trip",
    responses={
        200: envelope("Health", status=serializers.ChoiceField(choices=HEALTH_OK)),
        503: OpenApiResponse(
            response=envelope(
                "HealthUnavailable",
                message=serializers.CharField(),
                code=serializers.CharField(),
                status=serializers.ChoiceField(choices=HEALTH_UNAVAILABLE),
            ),
            description=HEALTH_UNAVAILABLE_DESCRIPTION,
        ),
    },
    tags=["meta"],
)
