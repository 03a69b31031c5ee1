"""A clock for the throttles, and throttle rates set for one test."""

import time

from eventsite.api.throttling import FixedWindowRateThrottle


class Clock:
    """The throttles' clock (``timer``): moved by hand, or ``tick`` seconds on each reading."""

    def __init__(self, now: float, tick: float = 0.0):
        self.now = now
        self.tick = tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


# 30 s into a clock minute: a test's requests never reach the next one.
MID_MINUTE = 1_800_000_030.0


def merge_throttle_rates(settings, **rates: str) -> None:
    """Change some DRF throttle rates (``auth``, ``anon``, ``user``; per minute) for one test."""
    rest_framework = settings.REST_FRAMEWORK
    merged = {**rest_framework["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = {**rest_framework, "DEFAULT_THROTTLE_RATES": merged}


def set_throttle_rates(settings, monkeypatch, **rates: str) -> None:
    """Lower some throttle rates for one test, with the throttles' clock in the middle of a minute.

    The throttles count per clock minute (``eventsite.api.throttling``): a test's requests must
    all fall in one window, or its count starts again half-way.
    """
    merge_throttle_rates(settings, **rates)
    monkeypatch.setattr(FixedWindowRateThrottle, "timer", Clock(MID_MINUTE, tick=0.001))


def start_in_a_fresh_minute(margin: float) -> None:
    """Wait for the next clock minute when this one ends within ``margin`` seconds.

    Only for tests that read the real clock, or whose throttles run in another process.
    """
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.05)
