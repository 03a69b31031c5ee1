"""Writes for the accounts domain: registration, login, tokens, profile, passwords."""

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import HttpRequest
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import hooks, tasks
from accounts.authentication import stamp_token, token_is_current
from accounts.lockout import authenticate_with_lockout, password_reset_keys, take_attempt
from accounts.models import (
    RevokedToken,
    User,
    email_domain_is_valid,
    email_lookup_key,
    normalize_email,
)
from accounts.selectors import (
    revoked_tokens_expired,
    token_is_revoked,
    user_email_taken,
)
from eventsite.runtime import metrics
from eventsite.runtime.errors import Conflict, InvalidCredentials, InvalidInput, InvalidToken
from eventsite.runtime.transactions import transactional
from eventsite.tasks import enqueue

logger = logging.getLogger(__name__)

INVALID_CREDENTIALS = "Invalid email or password."
INVALID_REFRESH_TOKEN = "Refresh token is invalid or expired."
EMAIL_TAKEN = "A user with this email already exists."
REFRESH_TOKEN_REUSED = "Refresh token was already used: every session of this account has been logged out."
INVALID_RESET_TOKEN = "The reset token is invalid or has expired."


class TokenPair(NamedTuple):
    access: str
    refresh: str


def user_register(*, name: str, email: str, password: str) -> User:
    email = normalize_email(email)
    if not email_domain_is_valid(email):
        raise InvalidInput(errors={"email": ["Enter a valid email address."]})
    if user_email_taken(email=email):
        raise Conflict(EMAIL_TAKEN)
    try:
        user = User.objects.create_user(email=email, password=password, name=name)
    except IntegrityError as exc:
        # Two registrations raced past the check above; the unique index decided.
        raise Conflict(EMAIL_TAKEN) from exc
    enqueue(tasks.send_verification_email, user_id=str(user.pk))
    metrics.count(metrics.REGISTRATIONS)
    return user


@transactional
def users_delete(*, users: Iterable[User]) -> None:
    """Delete these users with their events, RSVPs and revoked tokens, all or nothing; the
    seats they held go to the waitlists first (``hooks.users_deleting``, connected by ``events``)."""
    users = list(users)
    hooks.users_deleting.send(users=users)
    for user in users:
        user.delete()
    hooks.users_deleted.send(users=users)


def user_login(*, request: HttpRequest | None, email: str, password: str) -> User:
    """Return the user for these credentials, or fail with one message for every cause.

    ``authenticate`` hashes the password even for unknown emails, so timing does
    not reveal which accounts exist; it also refuses inactive users and upgrades
    legacy or weaker hashes on success. The lockout counts the attempt first (``RateLimited``).
    """
    user = authenticate_with_lockout(request=request, email=email, password=password)
    if user is None:
        raise InvalidCredentials(INVALID_CREDENTIALS)
    return user


def user_update(*, user: User, name: str) -> User:
    user.name = name
    user.save(update_fields=["name"])
    return user


def token_pair_for(*, user: User) -> TokenPair:
    refresh = stamp_token(RefreshToken.for_user(user), user=user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _parse_refresh(raw: str) -> RefreshToken:
    try:
        return RefreshToken(raw)
    except TokenError as exc:
        raise InvalidToken(INVALID_REFRESH_TOKEN) from exc


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
    """Rotate: the presented refresh token is revoked and a new pair issued.

    A refresh token that was already rotated or logged out and comes back means one of two
    holders is a thief (the OAuth 2.0 Security BCP's reuse detection): every token of the
    account dies, the successors of the stolen one with it, and the owner logs in again.
    """
    token = _parse_refresh(refresh_token)
    user = User.objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM), is_active=True).first()
    if user is None or not token_is_current(token, user=user):
        raise InvalidToken(INVALID_REFRESH_TOKEN)
    if token_is_revoked(jti=token[jwt_settings.JTI_CLAIM]) or not _revoke(token, user_id=user.pk):
        tokens_revoke_all(user=user)
        raise InvalidToken(REFRESH_TOKEN_REUSED)
    return token_pair_for(user=user)


def token_revoke(*, user: User, refresh_token: str) -> None:
    """Log out: revoke one of the user's refresh tokens (idempotent)."""
    try:
        token = RefreshToken(refresh_token)
    except TokenError as exc:
        raise InvalidInput(errors={"refreshToken": [INVALID_REFRESH_TOKEN]}) from exc
    if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(user.pk):
        raise InvalidInput(errors={"refreshToken": ["This refresh token is not yours."]})
    _revoke(token, user_id=user.pk)


def revoked_tokens_purge(*, now: datetime) -> int:
    deleted, _ = revoked_tokens_expired(now=now).delete()
    return deleted


def _validate_new_password(password: str, *, user: User | None, field: str) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise InvalidInput(errors={field: list(exc.messages)}) from exc


def _password_set(*, user: User, password: str) -> None:
    """Store the new password; ``User.save`` makes every token issued so far stale in the same write."""
    user.set_password(password)
    user.save(update_fields=["password"])


def password_reset_request(*, email: str) -> None:
    """Have a one-time reset token emailed to the active account with this address, if any.

    The request only counts the attempt (``PASSWORD_RESET_LOCKOUT`` per target address, known
    or not, else ``RateLimited``, so nobody can flood a mailbox) and enqueues one task with the
    submitted address; the task looks the account up and sends the mail
    (``accounts.tasks.send_password_reset``). A request for an unknown address therefore does
    the same work, takes the same time and gets the same answer as one for a known address.
    """
    from accounts.tasks import send_password_reset  # tasks may call services: imported when used

    take_attempt(password_reset_keys(email=email), limits=settings.PASSWORD_RESET_LOCKOUT)
    enqueue(send_password_reset, email=email)


def password_reset_confirm(*, user_id, token: str, password: str) -> User:
    """Set a new password with a reset token; the token dies with the old password hash.

    A weak password is reported with a bad token, in one 400 (checked against the user's own
    details only when the token names them)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    errors = {}
    if user is None or not default_token_generator.check_token(user, token):
        errors["token"] = [INVALID_RESET_TOKEN]
        user = None
    try:
        _validate_new_password(password, user=user, field="password")
    except InvalidInput as exc:
        errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors=errors)
    _password_set(user=user, password=password)
    return user


def password_change(*, user: User, current_password: str, new_password: str) -> User:
    """Both passwords are checked before either error is raised, so one 400 names both."""
    errors = {}
    if not user.check_password(current_password):
        errors["currentPassword"] = ["The current password is incorrect."]
    try:
        _validate_new_password(new_password, user=user, field="newPassword")
    except InvalidInput as exc:
        errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors=errors)
    _password_set(user=user, password=new_password)
    return user


@transactional
def user_delete_self(*, user: User, password: str) -> None:
    """Close one's own account, confirmed by the password: as the admin deletes users (``users_delete``)."""
    if not user.check_password(password):
        raise InvalidInput(errors={"password": ["The password is incorrect."]})
    # Read again by each attempt of the unit of work: a retry must not meet an instance that
    # the failed attempt already marked deleted (pk None). ``request.user`` stays intact too,
    # so that the request log still names the user.
    users_delete(users=[User.objects.get(pk=user.pk)])


def tokens_revoke_all(*, user: User) -> None:
    """Log out everywhere: every access and refresh token issued so far, and every session, ends."""
    user.invalidate_tokens()
    user.save(update_fields=["tokens_valid_after"])


def addresses_mark_undeliverable(*, emails: Iterable[str], now: datetime) -> int:
    """Stop mail to the accounts of these addresses (a permanent bounce or a complaint) until they
    verify their address again; an account already marked keeps its first date. How many were marked."""
    keys = {email_lookup_key(email) for email in emails}
    if not keys:
        return 0
    return User.objects.filter(email_key__in=keys, email_undeliverable_at=None).update(
        email_undeliverable_at=now
    )
