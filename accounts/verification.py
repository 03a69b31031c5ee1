"""Writes about the user's email: verifying it, changing it, preferences, unsubscribing.

Tokens are ``accounts.email_tokens``; the mail goes from tasks (``accounts.tasks``), so no
request waits on SMTP and none takes a different time for an address that is taken.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.db import IntegrityError
from django.utils import timezone

from accounts import email_tokens, tasks
from accounts.lockout import email_verification_keys, take_attempt
from accounts.mail import CATEGORIES, read_unsubscribe_token
from accounts.models import User, email_domain_is_valid, email_lookup_key, normalize_email
from accounts.selectors import user_email_taken
from eventsite.runtime.dates import to_milliseconds
from eventsite.runtime.errors import Conflict, InvalidInput
from eventsite.tasks import enqueue

TOKEN_INVALID = "The verification token is invalid or was already used."
TOKEN_EXPIRED = "The verification token has expired: ask for a new one."
EMAIL_TAKEN = "A user with this email already exists."
UNSUBSCRIBE_INVALID = "The unsubscribe link is invalid."


def _invalid_token() -> InvalidInput:
    return InvalidInput(TOKEN_INVALID, code="verification_token_invalid", errors={"token": [TOKEN_INVALID]})


def verification_resend(*, user: User) -> None:
    """Another verification email (registration sends the first), a few per user and window
    (``EMAIL_VERIFICATION_LOCKOUT``); a verified address may be verified again."""
    take_attempt(email_verification_keys(user=user), limits=settings.EMAIL_VERIFICATION_LOCKOUT)
    enqueue(tasks.send_verification_email, user_id=str(user.pk))


def email_verify(*, user_id, token: str) -> User:
    """Confirm a token ``accounts.tasks`` mailed: the address is verified, or the pending address
    replaces it (and the old address is told).

    An unknown user and a wrong token fail alike (``verification_token_invalid``), so the answer
    tells nobody which accounts exist; only a genuine token can be ``verification_token_expired``.
    """
    try:
        kind, state = email_tokens.read_token(token, user_id=str(user_id))
    except email_tokens.TokenExpired as exc:
        raise InvalidInput(
            TOKEN_EXPIRED, code="verification_token_expired", errors={"token": [TOKEN_EXPIRED]}
        ) from exc
    except email_tokens.TokenRejected as exc:
        raise _invalid_token() from exc
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not email_tokens.state_matches(state, user=user, kind=kind):
        raise _invalid_token()
    if kind == email_tokens.CHANGE:
        return _change_apply(user)
    # Conditional on the state the token was made for: of two concurrent confirmations, one wins.
    verified = User.objects.filter(
        pk=user.pk, email=user.email, email_verified_at=user.email_verified_at
    ).update(email_verified_at=to_milliseconds(timezone.now()), email_undeliverable_at=None)
    if not verified:
        raise _invalid_token()
    user.refresh_from_db()
    return user


def _change_apply(user: User) -> User:
    old, new = user.email, user.pending_email
    if user_email_taken(email=new):
        raise Conflict(EMAIL_TAKEN)
    try:
        changed = User.objects.filter(pk=user.pk, email=old, pending_email=new).update(
            email=new,
            email_key=email_lookup_key(new),
            pending_email="",
            email_verified_at=to_milliseconds(timezone.now()),
            email_undeliverable_at=None,
        )
    except IntegrityError as exc:  # another account took the address meanwhile
        raise Conflict(EMAIL_TAKEN) from exc
    if not changed:
        raise _invalid_token()
    enqueue(tasks.send_email_changed_notice, user_id=str(user.pk), old_email=old)
    user.refresh_from_db()
    return user


def email_change_request(*, user: User, email: str, password: str) -> None:
    """Ask to change the address to ``email``: a token goes to it, the account keeps its address
    until the token is confirmed (``email_verify``).

    Answered alike whether another account holds ``email`` or not: the address is stored as
    pending either way, and the task mails nothing to an address that is taken.
    """
    if not user.check_password(password):
        raise InvalidInput(errors={"password": ["The password is incorrect."]})
    email = normalize_email(email)
    if not email_domain_is_valid(email):
        raise InvalidInput(errors={"email": ["Enter a valid email address."]})
    if email_lookup_key(email) == email_lookup_key(user.email):
        raise InvalidInput(errors={"email": ["This is already the account's address."]})
    take_attempt(email_verification_keys(user=user), limits=settings.EMAIL_VERIFICATION_LOCKOUT)
    user.pending_email = email
    user.save(update_fields=["pending_email"])
    enqueue(tasks.send_email_change_confirmation, user_id=str(user.pk), email=email)


def profile_update(*, user: User, name: str, preferences: Mapping[str, bool] | None = None) -> User:
    """Change the name and any of the email preferences (``User`` fields of ``mail.CATEGORIES``)."""
    fields = ["name"]
    user.name = name
    for field, value in (preferences or {}).items():
        if field not in CATEGORIES.values():
            raise InvalidInput(errors={"preferences": [f"Unknown preference {field!r}."]})
        setattr(user, field, bool(value))
        fields.append(field)
    user.save(update_fields=fields)
    return user


def email_unsubscribe(*, token: str) -> str:
    """Turn off the category an unsubscribe link names, without login; returns the category.

    Idempotent, and silent for an account deleted since: the signed token reveals nothing new.
    """
    try:
        user_id, category = read_unsubscribe_token(token)
    except signing.BadSignature as exc:
        raise InvalidInput(
            UNSUBSCRIBE_INVALID, code="unsubscribe_token_invalid", errors={"token": [UNSUBSCRIBE_INVALID]}
        ) from exc
    User.objects.filter(pk=user_id).update(**{CATEGORIES[category]: False})
    return category
