"""JWT authentication that refuses tokens issued before the user's last password change."""

from rest_framework import exceptions
from rest_framework.authentication import CSRFCheck
from rest_framework.authentication import SessionAuthentication as DRFSessionAuthentication
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.tokens import Token

from accounts.models import User

TOKENS_STAMP_CLAIM = "tokensStamp"


def stamp_token(token: Token, *, user: User) -> Token:
    """Record the user's current ``tokens_stamp``; a refresh token passes it on to its access tokens."""
    token[TOKENS_STAMP_CLAIM] = user.tokens_stamp
    return token


def token_is_current(token: Token, *, user: User) -> bool:
    """Whether no password change happened since the token was issued.

    Tokens without the claim were issued before any change, so they are current only
    while the user has never changed the password.
    """
    return token.get(TOKENS_STAMP_CLAIM) == user.tokens_stamp


class JWTAuthentication(authentication.JWTAuthentication):
    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if not token_is_current(validated_token, user=user):
            raise exceptions.AuthenticationFailed(
                "Token was issued before the password was changed.", code="token_not_valid"
            )
        return user


class SessionAuthentication(DRFSessionAuthentication):
    """DRF's, refusing a request without a valid CSRF token as Django's own views do
    (``eventsite.views.csrf_failure``): 403 ``csrf_failed``, not a bare ``permission_denied``."""

    def enforce_csrf(self, request):
        check = CSRFCheck(lambda request: None)
        check.process_request(request)
        reason = check.process_view(request, None, (), {})  # DRF's CSRFCheck returns the reason
        if reason:
            raise exceptions.PermissionDenied(f"CSRF verification failed. {reason}", code="csrf_failed")
