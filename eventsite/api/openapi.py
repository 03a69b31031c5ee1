"""The OpenAPI document (drf-spectacular): the responses every view can give.

Views declare their success bodies and the errors only they raise (``@extend_schema`` of
``eventsite.api.schema``, applied by ``SchemaGenerator``); ``AutoSchema`` adds the errors that
follow from how a view is configured — authentication, permissions, request bodies, lookups,
pagination, throttles — so none is forgotten. Imported only to generate a schema.
"""

import re

from django.core.validators import ProhibitNullCharactersValidator
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

from eventsite.api.schema import apply_deferred, error

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
FORM_MEDIA_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
BLANK = {"type": "string", "maxLength": 0}
ERROR_MEDIA_TYPES = ["application/json"]


class BearerJWTScheme(SimpleJWTScheme):
    """The ``jwtAuth`` bearer scheme also for the project's subclasses of simplejwt's authentication."""

    match_subclasses = True
    priority = -1


class ProjectSessionScheme(SessionScheme):
    """The ``cookieAuth`` session scheme also for the project's subclass of DRF's session authentication."""

    match_subclasses = True
    priority = -1


class SchemaGenerator(SpectacularSchemaGenerator):
    """drf-spectacular's generator, which applies what the views declared once it has found them
    (the URL confs it walks import every view module) and before it reads any."""

    def _initialise_endpoints(self):
        super()._initialise_endpoints()
        apply_deferred()


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
        refusing = [a for a in authenticators if not isinstance(a, SessionAuthentication)]  # no session 401s
        if refusing or not all(isinstance(permission, AllowAny) for permission in permissions):
            statuses.add(401)
        if self._can_forbid(authenticators):
            statuses.add(403)
        if self.method in BODY_METHODS:
            statuses |= {400, 413, 415}
        if self._is_list_view() and (self._get_filter_parameters() or self._get_paginator()):
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

    def _get_request_body(self, direction="request"):
        request_body = super()._get_request_body(direction)
        contents = (request_body or {}).get("content", {})
        if "application/json" in contents:
            # The form parsers serve the browsable API; clients send JSON (one body type per operation).
            request_body["content"] = {"application/json": contents["application/json"]}
        for media_type, content in (request_body or {}).get("content", {}).items():
            if media_type in FORM_MEDIA_TYPES:
                content["schema"] = self._form_schema(content["schema"])
        return request_body

    def _form_schema(self, schema: dict) -> dict:
        """A form has no null: a nullable field left blank (``""``, as the browsable API's form sends
        it) is null there, so the form's schema (``…Form``) also takes ``""`` for those fields."""
        name = schema.get("$ref", "").rpartition("/")[2]
        component = self.registry._components.get((name, ResolvedComponent.SCHEMA))
        if component is None:
            return schema
        properties = component.schema.get("properties", {})
        nullable = [key for key, value in properties.items() if value.get("nullable")]
        if not nullable:
            return schema
        form_schema = {
            **component.schema,
            "properties": {
                key: ({"anyOf": [value, BLANK]} if key in nullable else value)
                for key, value in properties.items()
            },
        }
        form = ResolvedComponent(
            name=f"{name}Form", type=ResolvedComponent.SCHEMA, object=f"{name}Form", schema=form_schema
        )
        self.registry.register_on_missing(form)
        return form.ref

    def _get_pagination_parameters(self):
        parameters = super()._get_pagination_parameters()
        paginator = self._get_paginator()
        if not isinstance(paginator, PageNumberPagination):
            return parameters
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == paginator.page_size_query_param:
                # Larger sizes are served, capped: no ``maximum``, which would promise a 400.
                parameter["description"] = (
                    f"Results per page (default {paginator.page_size}; a larger number gets "
                    f"{paginator.max_page_size}, the most a page holds)."
                )
        return parameters

    def _get_filter_parameters(self):
        """django-filter's parameters, with what the filters enforce: lengths, no null character, and
        empty values.

        A filter ignores an empty value (``?to=``, as the browsable API's filter form sends for
        each field left blank), so each parameter allows one (``allowEmptyValue``).
        """
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in parameters:
            query_filter = filters.get(parameter["name"])
            if query_filter is None:
                continue
            parameter["allowEmptyValue"] = True
            field = query_filter.field
            if parameter["schema"].get("type") == "string":
                if getattr(field, "max_length", None) is not None:
                    parameter["schema"]["maxLength"] = field.max_length
                if any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators):
                    parameter["schema"]["pattern"] = r"^[^\u0000]*$"
            if "description" not in parameter and query_filter.extra.get("help_text"):
                parameter["description"] = query_filter.extra["help_text"]
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        """drf-spectacular lists every read-only field as required; one that answers only some callers
        (``omitted_for_some = True``, e.g. an event's ``checkedInCount``) is optional."""
        schema = super()._map_basic_serializer(serializer, direction)
        optional = {
            name for name, field in serializer.fields.items() if getattr(field, "omitted_for_some", False)
        }
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and isinstance(schema, dict):
            schema.update(getattr(field, "request_schema", {}))
            if isinstance(field, serializers.CharField) and not {"format", "enum", "pattern"} & set(schema):
                pattern = text_pattern(field)
                if pattern:
                    schema["pattern"] = pattern
        return schema


def text_pattern(field: serializers.CharField) -> str | None:
    """The characters a text field refuses, and for one that is trimmed and not blank, that it holds
    more than whitespace: what its validators enforce beyond the lengths.

    A validator with a ``forbidden`` regex (a character class) names the characters it refuses.
    """
    forbidden = []
    for validator in field.validators:
        if isinstance(validator, ProhibitNullCharactersValidator):
            forbidden.append(r"\u0000")
        elif getattr(validator, "forbidden", None) is not None:
            forbidden.append(validator.forbidden.pattern.removeprefix("[").removesuffix("]"))
    allowed = f"[^{''.join(forbidden)}]" if forbidden else r"[\s\S]"
    if field.trim_whitespace and not field.allow_blank:
        visible = f"[^{''.join(forbidden)}\\s]" if forbidden else r"\S"
        return f"^{allowed}*{visible}{allowed}*$"
    # With ``allow_blank`` drf-spectacular offers ``""`` beside the pattern, in a ``oneOf``: not again here.
    return f"^{allowed}{'+' if field.allow_blank else '*'}$" if forbidden else None


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
