"""Brute-force protection for ``/users/login`` and ``/users/register``.

Login: after too many failed logins for an account, or from one client address, within a
window, further attempts are refused with 429 and ``Retry-After`` until the lock ends — whatever
the password, and alike for existing and unknown accounts (counters are keyed by the submitted
email). Register: every attempt from a client address counts (account spam and probing for
taken emails alike), and past the limit that address is locked out of registering.

State lives in ``AuthFailureCounter`` rows, changed only by single-row conditional updates: no
transactions, no row locks, so it works the same on SQLite and MongoDB.
"""

import hashlib
import math
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import F, Q
from django.dispatch import receiver
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from accounts.models import AuthFailureCounter, normalize_email


def _hashed(kind: str, value: str) -> str:
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def client_address(request) -> str:
    """The client's address as the DRF throttles see it (``BaseThrottle.get_ident``).

    ``REMOTE_ADDR`` by default: on Lambda, Zappa sets it from the address API Gateway saw,
    which clients cannot forge; behind a declared proxy (``NUM_PROXIES``), the address
    that proxy forwarded.
    """
    return BaseThrottle().get_ident(request) or "unknown"


def lockout_keys(*, email: str | None, client: str) -> dict[str, int]:
    """The counters an attempt touches, each with its failure limit."""
    limits = settings.LOGIN_LOCKOUT
    keys = {_hashed("client", client): limits["CLIENT_FAILURES"]}
    if email:
        keys[_hashed("account", normalize_email(email))] = limits["ACCOUNT_FAILURES"]
    return keys


def register_keys(*, client: str) -> dict[str, int]:
    return {_hashed("register", client): settings.REGISTER_LOCKOUT["CLIENT_ATTEMPTS"]}


def seconds_locked(keys, *, now: datetime) -> int:
    """0 when no key is locked, else the seconds until the last lock ends."""
    until = (
        AuthFailureCounter.objects.filter(key__in=list(keys), locked_until__gt=now)
        .order_by("-locked_until", "-id")
        .values_list("locked_until", flat=True)
        .first()
    )
    return 0 if until is None else max(1, math.ceil((until - now).total_seconds()))


def record_attempt(keys: Mapping[str, int], *, now: datetime, limits: Mapping[str, int]) -> None:
    """Count one attempt (a failed login, any registration) on each key.

    A key reaching its limit within ``limits["WINDOW_SECONDS"]`` is locked for
    ``limits["LOCKOUT_SECONDS"]``; ``limits`` is ``LOGIN_LOCKOUT`` or ``REGISTER_LOCKOUT``.
    """
    window = timedelta(seconds=limits["WINDOW_SECONDS"])
    lockout = timedelta(seconds=limits["LOCKOUT_SECONDS"])
    for key, limit in keys.items():
        stored, _ = AuthFailureCounter.objects.get_or_create(key=key, defaults={"window_started_at": now})
        counter = AuthFailureCounter.objects.filter(pk=stored.pk)
        # Each step is one conditional update, so concurrent failures neither get lost
        # nor restart the window or the lock twice.
        counter.filter(window_started_at__lte=now - window).update(failures=0, window_started_at=now)
        counter.update(failures=F("failures") + 1)
        counter.filter(failures__gte=limit).update(
            failures=0, window_started_at=now, locked_until=now + lockout
        )


@receiver(user_login_failed, dispatch_uid="accounts.lockout.count_failed_login")
def count_failed_login(sender, credentials, request=None, **kwargs):
    """``authenticate()`` reports every failure: wrong password, unknown email, inactive user."""
    if request is None:
        return
    email = credentials.get("email") or credentials.get("username")
    record_attempt(
        lockout_keys(email=email if isinstance(email, str) else None, client=client_address(request)),
        now=timezone.now(),
        limits=settings.LOGIN_LOCKOUT,
    )


def auth_failure_counters_purge(*, now: datetime) -> int:
    """Delete counters whose window and lock have both ended: they would start afresh anyway."""
    window = max(settings.LOGIN_LOCKOUT["WINDOW_SECONDS"], settings.REGISTER_LOCKOUT["WINDOW_SECONDS"])
    deleted, _ = AuthFailureCounter.objects.filter(
        Q(locked_until__isnull=True) | Q(locked_until__lte=now),
        window_started_at__lte=now - timedelta(seconds=window),
    ).delete()
    return deleted


class LockoutThrottle(BaseThrottle):
    """Refuses a request while one of its counters (``keys_for``) is locked."""

    retry_after = 0

    def keys_for(self, request) -> dict[str, int]:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        return self._allow(self.keys_for(request))

    def _allow(self, keys: Mapping[str, int]) -> bool:
        self.retry_after = seconds_locked(keys, now=timezone.now())
        return self.retry_after == 0

    def wait(self) -> int:
        return self.retry_after


class LoginLockoutThrottle(LockoutThrottle):
    """Refuses a login while its account or its client address is locked."""

    def keys_for(self, request) -> dict[str, int]:
        email = request.data.get("email") if isinstance(request.data, Mapping) else None
        return lockout_keys(email=email if isinstance(email, str) else None, client=client_address(request))


class RegisterLockoutThrottle(LockoutThrottle):
    """Counts every registration attempt of a client address; refuses them while it is locked."""

    def keys_for(self, request) -> dict[str, int]:
        return register_keys(client=client_address(request))

    def allow_request(self, request, view) -> bool:
        keys = self.keys_for(request)
        allowed = self._allow(keys)
        if allowed:
            record_attempt(keys, now=timezone.now(), limits=settings.REGISTER_LOCKOUT)
        return allowed
