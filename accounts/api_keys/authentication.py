"""``Authorization: Api-Key esk_…``: the key's user, within the key's scopes, and the OpenAPI scheme.

The scope check is made here, at authentication, rather than by a permission class each view
would have to list: every view that takes the default credentials is covered, and one that
declares no scope for the request (``accounts.api_keys.scopes``) refuses keys. It refuses them
with 401 ``api_key_not_accepted`` and the view's challenge (``Bearer``): a key is no credential
there, as the OpenAPI document says by not listing ``apiKeyAuth``. A key outside its scopes is a
credential there, of a caller not allowed the request: 403 ``scope_missing``.
"""

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts.api_keys import services
from accounts.api_keys.models import ApiKey
from accounts.api_keys.scopes import ANY_KEY, required_scope
from eventsite.runtime.errors import InvalidCredentials
from eventsite.runtime.logging import record_api_key

KEYWORD = "Api-Key"
NOT_ACCEPTED = "API keys cannot be used here: log in (Bearer token) instead."


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send one API key after Api-Key.", code="api_key_invalid")
        try:
            api_key = services.api_key_authenticate(raw_key=parts[1].decode("latin-1"))
        except InvalidCredentials as refused:
            raise exceptions.AuthenticationFailed(refused.message, code=refused.code) from None
        record_api_key(request, key_id=str(api_key.pk))
        self._check_scope(request, api_key)
        return api_key.user, api_key

    def _check_scope(self, request, api_key: ApiKey) -> None:
        view = (getattr(request, "parser_context", None) or {}).get("view")
        needed = required_scope(view, request.method)
        if needed is None:
            raise exceptions.AuthenticationFailed(NOT_ACCEPTED, code="api_key_not_accepted")
        if needed != ANY_KEY and needed not in api_key.scopes:
            raise exceptions.PermissionDenied(
                f"This API key lacks the scope this request needs: {needed}.", code="scope_missing"
            )

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'


def is_api_key(auth) -> bool:
    """Whether a request's ``request.auth`` is an API key."""
    return isinstance(auth, ApiKey)
