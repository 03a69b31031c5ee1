"""Writes of API keys: make one (its secret returned once), revoke it, and check one a request presents.

The secret is stored as an HMAC-SHA256 keyed with ``SECRET_KEY`` (a fallback key of
``SECRET_KEY_FALLBACKS`` is accepted too, so rotating the setting does not end every key at once):
a key is 256 random bits, so a slow password hasher would add nothing but a cost on each request.
"""

import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.api_keys.errors import ApiKeyExpired, ApiKeyInvalid, ApiKeyLimit, ApiKeyRevoked
from accounts.api_keys.models import ApiKey
from accounts.api_keys.scopes import SCOPE_NAMES
from accounts.models import User
from eventsite.audit.services import audit_record
from eventsite.runtime.dates import to_milliseconds
from eventsite.runtime.errors import InvalidInput
from eventsite.runtime.transactions import transactional

KEY_PREFIX = "esk"
KEY_FORMAT = re.compile(rf"{KEY_PREFIX}_(?P<prefix>[0-9a-f]{{8}})_(?P<secret>[A-Za-z0-9_-]{{43}})")
HASH_SALT = "accounts.api_keys.ApiKey.secret"
# The most keys (not revoked) one user may hold.
MAX_ACTIVE_KEYS = 25
# ``lastUsedAt`` is written at most this often per key: reads do not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _secret_hash(prefix: str, secret: str, *, key: str | None = None) -> str:
    return salted_hmac(HASH_SALT, f"{prefix}_{secret}", secret=key, algorithm="sha256").hexdigest()


@transactional
def api_key_create(
    *, user: User, name: str, scopes: list[str], expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """A new key for ``user``, and the key itself (``esk_…``): the one time it is seen."""
    unknown = sorted(set(scopes) - set(SCOPE_NAMES))
    if unknown or not scopes:
        raise InvalidInput(errors={"scopes": [f"Choose among: {', '.join(SCOPE_NAMES)}."]})
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput(errors={"expiresAt": ["Must be in the future."]})
    if ApiKey.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_KEYS:
        raise ApiKeyLimit(limit=MAX_ACTIVE_KEYS)
    prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=_secret_hash(prefix, secret),
        scopes=[scope for scope in SCOPE_NAMES if scope in scopes],
        expires_at=expires_at and to_milliseconds(expires_at),
    )
    audit_record(action="api_key.create", target=api_key, changes=_summary(api_key), actor=user)
    return api_key, f"{KEY_PREFIX}_{prefix}_{secret}"


@transactional
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    """Revoke the key (again: nothing changes); it answers 401 from now on."""
    now = to_milliseconds(timezone.now())
    if ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=now):
        api_key.revoked_at = now
        audit_record(action="api_key.revoke", target=api_key, changes=_summary(api_key))
    return api_key


def _summary(api_key: ApiKey) -> dict:
    """What identifies a key in the log: never its secret or hash."""
    return {"name": api_key.name, "prefix": api_key.prefix, "scopes": list(api_key.scopes)}


def _matches(api_key: ApiKey, prefix: str, secret: str) -> bool:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(api_key.secret_hash, _secret_hash(prefix, secret, key=k)) for k in keys)


def api_key_authenticate(*, raw_key: str) -> ApiKey:
    """The key ``raw_key`` names, with its user, if it may be used now; it records the use.

    Raises ``ApiKeyInvalid`` (malformed, unknown, a wrong secret, an inactive user),
    ``ApiKeyRevoked`` or ``ApiKeyExpired``.
    """
    match = KEY_FORMAT.fullmatch(raw_key)
    if match is None:
        raise ApiKeyInvalid()
    prefix, secret = match["prefix"], match["secret"]
    candidates = ApiKey.objects.filter(prefix=prefix).select_related("user")
    api_key = next((key for key in candidates if _matches(key, prefix, secret)), None)
    if api_key is None or not api_key.user.is_active:
        raise ApiKeyInvalid()
    if api_key.is_revoked:
        raise ApiKeyRevoked()
    now = timezone.now()
    if api_key.is_expired(now=now):
        raise ApiKeyExpired()
    _record_use(api_key=api_key, now=now)
    return api_key


def _record_use(*, api_key: ApiKey, now: datetime) -> None:
    """One conditional update, and only when ``lastUsedAt`` is older than the resolution."""
    stale = now - LAST_USED_RESOLUTION
    if api_key.last_used_at is not None and api_key.last_used_at > stale:
        return
    now = to_milliseconds(now)
    unset_or_stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    if ApiKey.objects.filter(unset_or_stale, pk=api_key.pk).update(last_used_at=now):
        api_key.last_used_at = now
