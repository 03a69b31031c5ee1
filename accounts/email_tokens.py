"""One-time tokens that prove a user reads an address: their own (``VERIFY``) or the one they
asked to change to (``CHANGE``, ``User.pending_email``).

A token is signed (``django.core.signing``, salted for this use), names its user and kind, and
carries a digest of the state it was made for (``token_state``). Confirming changes that state,
and so does changing the address or asking for another one, which ends every token made before:
a token works once, for the address it was sent to. It expires after
``EMAIL_VERIFICATION_TIMEOUT`` seconds.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import User, email_lookup_key

VERIFY = "verify"
CHANGE = "change"
SALT = "accounts.email_tokens"


class TokenExpired(Exception):
    """A genuine token, too old."""


class TokenRejected(Exception):
    """Not a token of ours, not this user's, or made for a state that is gone (used)."""


def token_state(user: User, kind: str) -> str:
    """What a token of ``kind`` is bound to: a ``VERIFY`` token to the address and when it was
    last verified, a ``CHANGE`` token to the address and the pending one."""
    if kind == VERIFY:
        verified = user.email_verified_at
        bound = "" if verified is None else str(round(verified.timestamp() * 1000))
    else:
        bound = email_lookup_key(user.pending_email)
    value = f"{user.pk}:{kind}:{email_lookup_key(user.email)}:{bound}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def make_token(user: User, kind: str) -> str:
    return signing.dumps({"user": str(user.pk), "kind": kind, "state": token_state(user, kind)}, salt=SALT)


def read_token(token: str, *, user_id: str) -> tuple[str, str]:
    """``(kind, state)`` of a token ``make_token`` made for ``user_id``, not expired.

    Compare the state with ``token_state`` once the user is read: a token whose state is gone
    was used (or its address changed).
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_TIMEOUT)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except signing.BadSignature as exc:
        raise TokenRejected from exc
    if (
        not isinstance(data, dict)
        or data.get("user") != user_id
        or data.get("kind") not in (VERIFY, CHANGE)
        or not isinstance(data.get("state"), str)
    ):
        raise TokenRejected
    return data["kind"], data["state"]


def state_matches(state: str, *, user: User, kind: str) -> bool:
    return constant_time_compare(state, token_state(user, kind))
