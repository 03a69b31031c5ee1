"""JWT authentication that refuses tokens issued before the user's last password change."""

import uuid

import jwt
from django.conf import settings
from django.utils import timezone
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
    """Simple JWT's, also taking the legacy system's tokens while ``LEGACY_TOKENS`` allows."""

    def authenticate(self, request):
        header = self.get_header(request)
        raw = self.get_raw_token(header) if header is not None else None
        if raw is not None:
            legacy_user = _legacy_user(raw)
            if legacy_user is not None:
                return legacy_user, None
        return super().authenticate(request)

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if not token_is_current(validated_token, user=user):
            raise exceptions.AuthenticationFailed(
                "Token was issued before the password was changed.", code="token_not_valid"
            )
        return user


def _legacy_user(raw: bytes) -> User | None:
    """The user a legacy token (HS256, legacy secret, no expiry) names, or None when it is not one.

    The claim's value is the user's id here: imported users keep their ids. Such a token
    carries no ``tokensStamp``, so a password change or "log out everywhere" ends it.
    """
    legacy = settings.LEGACY_TOKENS
    if not legacy.enabled:
        return None
    try:
        payload = jwt.decode(raw, legacy.secret, algorithms=["HS256"], options={"verify_exp": False})
    except jwt.PyJWTError:
        return None
    if "token_type" in payload or legacy.user_claim not in payload:
        return None
    if timezone.now() >= legacy.until:
        raise exceptions.AuthenticationFailed(
            "Legacy tokens are no longer accepted; log in again.", code="legacy_token_expired"
        )
    try:
        user = User.objects.get(id=uuid.UUID(str(payload[legacy.user_claim])), is_active=True)
    except (ValueError, User.DoesNotExist):
        raise exceptions.AuthenticationFailed("Token is invalid.", code="token_not_valid") from None
    if not token_is_current({}, user=user):
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
