from datetime import datetime
from typing import NamedTuple

from django.contrib.admin.models import LogEntry
from django.db.models import QuerySet
from django.utils import timezone

from accounts.hooks import export_fields
from accounts.models import ApiKey, RevokedToken, User, email_lookup_key
from eventsite.api.models import IdempotencyKey


def user_email_taken(*, email: str) -> bool:
    return User.objects.filter(email_key=email_lookup_key(email)).exists()


def email_verified(*, user: User) -> bool:
    """The address was verified and has not bounced since (a bounce asks for verifying again)."""
    return user.email_verified_at is not None and user.email_undeliverable_at is None


def active_user_by_email(*, email: str) -> User | None:
    """The active account of this address, under any spelling (``email_lookup_key``)."""
    return User.objects.filter(email_key=email_lookup_key(email), is_active=True).first()


def token_is_revoked(*, jti: str) -> bool:
    return RevokedToken.objects.filter(jti=jti).exists()


def revoked_tokens_expired(*, now) -> QuerySet[RevokedToken]:
    return RevokedToken.objects.filter(expires_at__lt=now)


class UserData(NamedTuple):
    """Everything stored about one user, for ``GET /users/me/export``.

    Each model that refers to the user is here (``tests/accounts/api/test_self_service.py`` fails for
    one that is not), with every field but these:

    - the password hash: a credential, useless to its owner and dangerous in a file;
    - ``email_key``: the email again, in the form used to look it up;
    - internal row ids, the user reference itself, and an idempotency key's ``scope`` (the user id
      and key again) and ``fingerprint`` (a SHA-256 of the request: nothing readable).

    API keys are included without the hash of their secret (a credential, and nothing readable).
    Webhook endpoints are included without their signing secret (a credential of the endpoint,
    shown once when it was made), and without their delivery logs, which refer to no user.
    The calendar feed key is included: it is the user's own credential, shown to them by
    ``GET /users/me/calendar-key`` anyway, so the export (sent only to a bearer of a current
    token, never cached) reveals nothing new; rotate it after sharing the file. The stored
    answers of idempotency keys are included too: they are the user's own earlier answers.
    Team memberships are the user's own (the events they help run, and who added them), not the
    rows of others whom the user added. Not included, because they refer to no user: login
    failure counters (hashes of an email and of client addresses, kept minutes) and sessions
    (signed session data).
    """

    exported_at: datetime
    user: User
    events: QuerySet
    rsvps: QuerySet
    calendar_feed: object | None
    digest_entries: QuerySet
    webhooks: QuerySet
    team_roles: QuerySet
    tickets: QuerySet
    api_keys: QuerySet[ApiKey]
    idempotency_keys: QuerySet[IdempotencyKey]
    revoked_tokens: QuerySet[RevokedToken]
    admin_log_entries: QuerySet[LogEntry]


def user_data(*, user: User) -> UserData:
    """Gather the accounts part here and the rest from the ``user_export_data`` hook's receivers."""
    return UserData(
        exported_at=timezone.now(),
        user=user,
        **export_fields(user=user),
        api_keys=ApiKey.objects.filter(user=user).order_by("created_at", "id"),
        idempotency_keys=IdempotencyKey.objects.filter(user=user).order_by("created_at", "id"),
        revoked_tokens=RevokedToken.objects.filter(user=user).order_by("revoked_at", "id"),
        admin_log_entries=LogEntry.objects.filter(user=user)
        .select_related("content_type")
        .order_by("action_time", "id"),
    )
