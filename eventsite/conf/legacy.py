"""Legacy token cutover: tokens the legacy system signed keep working until a date.

Off unless ``LEGACY_JWT_SECRET`` is set. The secret is never printed, not even in errors.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from eventsite.conf import environ

MIN_SECRET_BYTES = 32


class LegacyTokens(NamedTuple):
    secret: str
    until: datetime | None
    user_claim: str

    @property
    def enabled(self) -> bool:
        return bool(self.secret) and self.until is not None


def _until(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        environ.fail(f"LEGACY_TOKENS_UNTIL must be an ISO 8601 date and time, got {value!r}")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def legacy_tokens_from_environ(*, production: bool) -> LegacyTokens:
    secret = environ.text("LEGACY_JWT_SECRET").strip()
    until_text = environ.text("LEGACY_TOKENS_UNTIL").strip()
    claim = environ.text("LEGACY_JWT_USER_CLAIM").strip() or "userId"
    if secret and production and len(secret.encode()) < MIN_SECRET_BYTES:
        environ.fail(f"LEGACY_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes in production mode")
    if secret and not until_text:
        environ.fail("LEGACY_TOKENS_UNTIL must be set with LEGACY_JWT_SECRET")
    return LegacyTokens(secret=secret, until=_until(until_text) if until_text else None, user_claim=claim)
