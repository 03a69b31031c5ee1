"""Writes for the accounts domain: registration, login, tokens, profile."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import authenticate
from django.db import IntegrityError
from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import RevokedToken, User, normalize_email
from accounts.selectors import revoked_tokens_expired, token_is_revoked, user_email_taken
from eventsite.exceptions import Conflict

INVALID_CREDENTIALS = "Invalid email or password."


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def user_register(*, name: str, email: str, password: str) -> User:
    email = normalize_email(email)
    if user_email_taken(email=email):
        raise Conflict("A user with this email already exists.")
    try:
        return User.objects.create_user(email=email, password=password, name=name)
    except IntegrityError as exc:
        # Two registrations raced past the check above; the unique index decided.
        raise Conflict("A user with this email already exists.") from exc


def user_login(*, request: HttpRequest | None, email: str, password: str) -> User:
    """Return the user for these credentials, or fail with one message for every cause.

    ``authenticate`` hashes the password even for unknown emails, so timing does
    not reveal which accounts exist; it also refuses inactive users and upgrades
    legacy or weaker hashes on success.
    """
    user = authenticate(request, email=normalize_email(email), password=password)
    if user is None:
        raise exceptions.AuthenticationFailed(INVALID_CREDENTIALS, code="invalid_credentials")
    return user


def user_update(*, user: User, name: str) -> User:
    user.name = name
    user.save(update_fields=["name"])
    return user


def token_pair_for(*, user: User) -> TokenPair:
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _parse_refresh(raw: str) -> RefreshToken:
    try:
        return RefreshToken(raw)
    except TokenError as exc:
        raise InvalidToken(
            {"detail": "Refresh token is invalid or expired.", "code": "token_not_valid"}
        ) from exc


def _revoke(token: RefreshToken, *, user_id) -> bool:
    """Record the token as revoked; False if it already was (e.g. a concurrent refresh)."""
    try:
        RevokedToken.objects.create(
            jti=token[jwt_settings.JTI_CLAIM],
            user_id=user_id,
            expires_at=datetime.fromtimestamp(token["exp"], tz=UTC),
        )
    except IntegrityError:
        return False
    return True


def token_refresh(*, refresh_token: str) -> TokenPair:
    """Rotate: the presented refresh token is revoked and a new pair issued."""
    token = _parse_refresh(refresh_token)
    invalid = InvalidToken({"detail": "Refresh token is invalid or expired.", "code": "token_not_valid"})
    user = User.objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM), is_active=True).first()
    if user is None or token_is_revoked(jti=token[jwt_settings.JTI_CLAIM]):
        raise invalid
    if not _revoke(token, user_id=user.pk):
        raise invalid
    return token_pair_for(user=user)


def token_revoke(*, user: User, refresh_token: str) -> None:
    """Log out: revoke one of the user's refresh tokens (idempotent)."""
    try:
        token = RefreshToken(refresh_token)
    except TokenError as exc:
        raise exceptions.ValidationError({"refreshToken": ["Refresh token is invalid or expired."]}) from exc
    if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(user.pk):
        raise exceptions.ValidationError({"refreshToken": ["This refresh token is not yours."]})
    _revoke(token, user_id=user.pk)


def revoked_tokens_purge(*, now: datetime) -> int:
    deleted, _ = revoked_tokens_expired(now=now).delete()
    return deleted
