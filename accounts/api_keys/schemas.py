"""The API keys in the OpenAPI document: the ``apiKeyAuth`` scheme, each operation's scope, and the
key list's envelope. Imported only to generate a schema (``OPENAPI_EXTENSION_MODULES``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from accounts.api_keys.authentication import ApiKeyAuthentication
from accounts.api_keys.scopes import ANY_KEY, required_scope
from eventsite.api.openapi import AutoSchema


class ApiKeySchema(AutoSchema):
    """The list answers with an envelope (``{message, apiKeys}``), not with a bare array."""

    def _is_list_view(self, serializer=None) -> bool:
        return getattr(self.view, "action", None) != "list" and super()._is_list_view(serializer)

    def get_operation_id(self) -> str:
        if getattr(self.view, "action", None) == "list":
            return "users_me_api_keys_list"
        return super().get_operation_id()


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """``apiKeyAuth``, listed on the operations whose view declares a scope for them."""

    target_class = ApiKeyAuthentication
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key esk_…`, a key made at /users/me/api-keys. It acts as its user within "
            "its scopes: 403 `scope_missing` outside them, 401 once revoked or expired. Each operation "
            "that takes a key names the scope it needs in `x-api-key-scope` (`any`: every key will do); "
            "the others answer a key with 401 `api_key_not_accepted`.",
        }

    def get_security_requirement(self, auto_schema):
        view = auto_schema.view
        if required_scope(view, auto_schema.method) is None:
            return None
        return {self.name: []}


SCOPE_MISSING = "`scope_missing`: an API key without the scope in `x-api-key-scope`."


def api_key_scope_extensions(result, generator, **kwargs):
    """drf-spectacular post-processing hook: ``x-api-key-scope`` on each operation that takes a key,
    and its 403 for a key without that scope (reads document none otherwise)."""
    for path, _, method, callback in generator.endpoints:
        operation = result["paths"].get(path, {}).get(method.lower())
        if operation is None or not any(ApiKeyScheme.name in item for item in operation.get("security", [])):
            continue
        scope = required_scope(generator.create_view(callback, method), method)
        operation["x-api-key-scope"] = scope
        responses = operation["responses"]
        if scope == ANY_KEY:
            continue
        if "403" in responses:
            responses["403"] = {
                **responses["403"],
                "description": f"{responses['403']['description']} Or {SCOPE_MISSING}",
            }
        else:
            responses["403"] = {"content": responses["401"]["content"], "description": SCOPE_MISSING}
    return result
