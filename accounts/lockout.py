"""Brute-force protection for every login path, registration and password reset.

Login (``POST /users/login``, the browsable API's and the admin's login forms, all through
``authenticate_with_lockout``): the attempt is counted before the password is checked, so a
burst of concurrent guesses gets no more checks than the limit. Three counters, keyed by the
submitted email's lookup key (alike for existing and unknown accounts, and for every spelling
of one address) and the client address:

- account and client: few failures (5) lock this account for this client address only, so an
  attacker elsewhere cannot lock the owner out;
- account: a softer account-wide limit (100) stops guessing spread over many addresses;
- client: one address guessing across many accounts (20).

A locked counter refuses (``RateLimited``: the API answers 429 with ``Retry-After``) until
the lock ends, whatever the password. Successful logins give their attempt back: only failures count.

Registration and password reset count every attempt (per client address, and per target
address for reset); past the limit they are refused alike. So do verification resends and
address changes, per user (``EMAIL_VERIFICATION_LOCKOUT``).

State lives in ``AuthFailureCounter`` rows, changed only by single-row conditional updates: no
transactions, no row locks, so it works the same on SQLite and MongoDB, across processes.
"""

import hashlib
import math
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import F, Q
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from accounts.models import AuthFailureCounter, User, email_lookup_key
from eventsite.runtime.clients import client_address as request_address
from eventsite.runtime.errors import RateLimited


def _hashed(kind: str, *values: str) -> str:
    digest = hashlib.sha256("\0".join(values).encode()).hexdigest()
    return f"{kind}:{digest}"


def client_address(request) -> str:
    """The address the counters key by; requests without one share the ``unknown`` counters."""
    return request_address(request) or "unknown"


def lockout_keys(*, email: str | None, client: str) -> dict[str, int]:
    """The counters a login attempt touches, each with its failure limit."""
    limits = settings.LOGIN_LOCKOUT
    keys = {_hashed("client", client): limits["CLIENT_FAILURES"]}
    if email:
        account = email_lookup_key(email)
        keys[_hashed("account-client", account, client)] = limits["ACCOUNT_CLIENT_FAILURES"]
        keys[_hashed("account", account)] = limits["ACCOUNT_FAILURES"]
    return keys


def register_keys(*, client: str) -> dict[str, int]:
    return {_hashed("register", client): settings.REGISTER_LOCKOUT["CLIENT_ATTEMPTS"]}


def password_reset_keys(*, email: str) -> dict[str, int]:
    return {_hashed("reset", email_lookup_key(email)): settings.PASSWORD_RESET_LOCKOUT["ADDRESS_ATTEMPTS"]}


def email_verification_keys(*, user: User) -> dict[str, int]:
    return {_hashed("verify", str(user.pk)): settings.EMAIL_VERIFICATION_LOCKOUT["USER_ATTEMPTS"]}


def _unlocked(now: datetime) -> Q:
    return Q(locked_until__isnull=True) | Q(locked_until__lte=now)


def seconds_locked(keys, *, now: datetime) -> int:
    """0 when no key is locked, else the seconds until the last lock ends."""
    until = (
        AuthFailureCounter.objects.filter(key__in=list(keys), locked_until__gt=now)
        .order_by("-locked_until", "-id")
        .values_list("locked_until", flat=True)
        .first()
    )
    return 0 if until is None else max(1, math.ceil((until - now).total_seconds()))


def _lock(counters, *, now: datetime, limits: Mapping[str, int]) -> None:
    """Lock these counters unless already locked; the count starts afresh when the lock ends."""
    counters.filter(_unlocked(now)).update(
        failures=0,
        window_started_at=now,
        locked_until=now + timedelta(seconds=limits["LOCKOUT_SECONDS"]),
    )


def _take(key: str, limit: int, *, now: datetime, limits: Mapping[str, int]) -> bool:
    """Count one attempt on ``key``; False when it is locked or has no attempt left."""
    stored, _ = AuthFailureCounter.objects.get_or_create(key=key, defaults={"window_started_at": now})
    counter = AuthFailureCounter.objects.filter(pk=stored.pk)
    window_start = now - timedelta(seconds=limits["WINDOW_SECONDS"])
    counter.filter(_unlocked(now), window_started_at__lte=window_start).update(
        failures=0, window_started_at=now
    )
    # The count and the check are one conditional update: of concurrent attempts, exactly
    # ``limit`` find the count below it.
    return counter.filter(_unlocked(now), failures__lt=limit).update(failures=F("failures") + 1) == 1


def _give_back(keys) -> None:
    AuthFailureCounter.objects.filter(key__in=list(keys), failures__gt=0).update(failures=F("failures") - 1)


def take_attempt(keys: Mapping[str, int], *, limits: Mapping[str, int]) -> None:
    """Count one attempt on every key, or on none: raise ``RateLimited`` if any key refuses it.

    ``limits`` is ``LOGIN_LOCKOUT``, ``REGISTER_LOCKOUT`` or ``PASSWORD_RESET_LOCKOUT``: within
    ``WINDOW_SECONDS`` a key takes its limit of attempts; the next one locks it for
    ``LOCKOUT_SECONDS``.
    """
    now = timezone.now()
    taken = []
    for key, limit in keys.items():
        if not _take(key, limit, now=now, limits=limits):
            _give_back(taken)
            _lock(AuthFailureCounter.objects.filter(key=key), now=now, limits=limits)
            raise RateLimited(wait=seconds_locked(keys, now=now))
        taken.append(key)


def authenticate_with_lockout(*, request, email: str, password: str) -> User | None:
    """``authenticate()`` behind the login lockout: the one way every login path checks a password.

    Raises ``RateLimited`` without checking the password while a counter is locked. A failure
    that uses up a counter's last attempt locks it at once; a success gives its attempt back.
    """
    limits = settings.LOGIN_LOCKOUT
    keys = lockout_keys(email=email, client=client_address(request))
    take_attempt(keys, limits=limits)
    user = authenticate(request, email=email, password=password)
    if user is None:
        for key, limit in keys.items():
            exhausted = AuthFailureCounter.objects.filter(key=key, failures__gte=limit)
            _lock(exhausted, now=timezone.now(), limits=limits)
    else:
        _give_back(keys)
    return user


def auth_failure_counters_purge(*, now: datetime) -> int:
    """Delete counters whose window and lock have both ended: they would start afresh anyway."""
    window = max(
        settings.LOGIN_LOCKOUT["WINDOW_SECONDS"],
        settings.REGISTER_LOCKOUT["WINDOW_SECONDS"],
        settings.PASSWORD_RESET_LOCKOUT["WINDOW_SECONDS"],
        settings.EMAIL_VERIFICATION_LOCKOUT["WINDOW_SECONDS"],
    )
    deleted, _ = AuthFailureCounter.objects.filter(
        _unlocked(now), window_started_at__lte=now - timedelta(seconds=window)
    ).delete()
    return deleted


class RegisterLockoutThrottle(BaseThrottle):
    """Counts every registration attempt of a client address; refuses them while it is locked."""

    retry_after = 0

    def allow_request(self, request, view) -> bool:
        try:
            take_attempt(register_keys(client=client_address(request)), limits=settings.REGISTER_LOCKOUT)
        except RateLimited as limited:
            self.retry_after = limited.wait
            return False
        return True

    def wait(self) -> int:
        return self.retry_after
