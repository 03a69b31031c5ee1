"""Timing reset requests for a known and an unknown address, alternately, for the timing-leak tests."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.helpers import merge_throttle_rates
from tests.helpers.smtp import SmtpServer

# How long the test SMTP server waits before it answers DATA: a request that waited for the
# mail would take at least this long.
SMTP_DELAY_SECONDS = 0.5
# Medians of the two addresses may differ by this much (noise of a busy 2-core machine),
# a tenth of the SMTP delay.
NOISE_SECONDS = 0.05
ROUNDS = 7


def allow_many_resets(settings) -> None:
    """Lift the per-address reset limit and the auth throttle: the tests send many on purpose."""
    settings.PASSWORD_RESET_LOCKOUT = {**settings.PASSWORD_RESET_LOCKOUT, "ADDRESS_ATTEMPTS": 1000}
    merge_throttle_rates(settings, auth="100000/min")


def unknown_address_like(email: str) -> str:
    """An address of no account, as long as ``email``: message bodies then differ in nothing but it."""
    local, domain = email.split("@")
    return "n" * len(local) + "@" + domain


def known_and_unknown_addresses(settings) -> tuple[str, str]:
    """A new account's address and one of no account, as long, with the reset limits lifted."""
    allow_many_resets(settings)
    known = UserFactory().email
    return known, unknown_address_like(known)


@contextmanager
def slow_smtp(settings) -> Iterator[SmtpServer]:
    """The app mails through a real SMTP server that waits ``SMTP_DELAY_SECONDS`` before it answers."""
    with SmtpServer(delay=SMTP_DELAY_SECONDS) as server:
        server.use_in(settings)
        yield server


def median_reset_seconds(
    known: str, unknown: str, *, after_each: Callable[[], object] = lambda: None
) -> dict[str, float]:
    """Median time of ``POST /users/password/reset`` for each address, ``ROUNDS`` alternated
    requests each (the first of each left out as warm-up); ``after_each`` runs between requests."""
    client = APIClient()
    times: dict[str, list[float]] = {known: [], unknown: []}
    for number in range(ROUNDS + 1):
        order = (known, unknown) if number % 2 else (unknown, known)
        for email in order:
            started = time.perf_counter()
            response = client.post("/users/password/reset", {"email": email}, format="json")
            elapsed = time.perf_counter() - started
            assert response.status_code == 202, response.content
            if number:
                times[email].append(elapsed)
            after_each()
    return {email: statistics.median(values) for email, values in times.items()}
