"""Numbers, durations, rates and choices read from the environment: bad ones stop start-up with
one line naming the variable, edge ones are accepted, rates are read exactly as DRF reads them."""

import json

import pytest

from tests.eventsite.conf.settings_process import PRODUCTION, check, run

SECONDS = "a whole number of seconds from 1 to 315360000"
RATE = (
    "requests/period like 30/min: a positive whole number, '/', "
    "and a period starting with s, m, h or d (second, minute, hour, day)"
)
BAD_VALUES = [
    ("AUTH_THROTTLE_RATE", "30/fortnight", RATE),
    ("AUTH_THROTTLE_RATE", "abc", RATE),
    ("AUTH_THROTTLE_RATE", "0/min", RATE),
    ("AUTH_THROTTLE_RATE", "30/", RATE),
    ("THROTTLE_ANON_RATE", "-1/min", RATE),
    ("THROTTLE_ANON_RATE", "30/min/s", RATE),
    ("THROTTLE_USER_RATE", "1.5/s", RATE),
    ("PUBLIC_THROTTLE_RATE", "120/fortnight", RATE),
    ("HEALTH_READY_THROTTLE_RATE", "30", RATE),
    ("JWT_ACCESS_TTL", "-5", SECONDS),
    ("JWT_ACCESS_TTL", "1h", SECONDS),
    ("JWT_REFRESH_TTL", "0", SECONDS),
    ("JWT_REFRESH_TTL", "99999999999999", SECONDS),
    ("EVENT_LIST_CACHE_SECONDS", "-1", "a whole number of seconds from 0 to 315360000"),
    ("PUBLIC_EVENTS_MAX_AGE", "1m", "a whole number of seconds from 0 to 315360000"),
    ("EVENT_REMINDER_LEAD_HOURS", "0", "a whole number of hours from 1 to 720"),
    ("EVENT_REMINDER_LEAD_HOURS", "24h", "a whole number of hours from 1 to 720"),
    ("LOGIN_FAILURE_WINDOW", "0", SECONDS),
    ("LOGIN_LOCKOUT_SECONDS", "-900", SECONDS),
    ("REGISTER_WINDOW", "0", SECONDS),
    ("REGISTER_LOCKOUT_SECONDS", "ten", SECONDS),
    ("MAX_REQUEST_BODY_BYTES", "0", "a whole number of bytes, at least 1"),
    ("MAX_REQUEST_BODY_BYTES", "1MB", "a whole number of bytes, at least 1"),
    ("BCRYPT_ROUNDS", "3", "a whole number from 4 to 31"),
    ("BCRYPT_ROUNDS", "32", "a whole number from 4 to 31"),
    ("LOGIN_ACCOUNT_FAILURES", "0", "a whole number, at least 1"),
    ("LOGIN_CLIENT_FAILURES", "-1", "a whole number, at least 1"),
    ("REGISTER_CLIENT_ATTEMPTS", "0", "a whole number, at least 1"),
    ("NUM_PROXIES", "-1", "a whole number, at least 0"),
    ("EMAIL_PORT", "70000", "a whole number from 1 to 65535"),
    ("EMAIL_TIMEOUT", "0", "a whole number of seconds, at least 1"),
    ("DJANGO_HSTS_SECONDS", "-1", "a whole number of seconds, at least 0"),
    ("LOG_LEVEL", "verbose", "one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
]


@pytest.mark.parametrize(
    ("variable", "value", "expected"), BAD_VALUES, ids=[f"{name}={value}" for name, value, _ in BAD_VALUES]
)
def test_a_bad_rate_duration_size_or_count_refuses_to_start_naming_the_variable(
    tmp_path, variable, value, expected
):
    result = check(tmp_path, **PRODUCTION, DJANGO_ALLOWED_HOSTS="api.example.com", **{variable: value})

    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"eventsite: {variable} must be {expected}, got {value!r}"


def test_a_bad_value_in_development_mode_is_the_only_line_on_stderr(tmp_path):
    result = check(tmp_path, AUTH_THROTTLE_RATE="30/fortnight")

    assert result.returncode == 1
    assert result.stderr.strip() == f"eventsite: AUTH_THROTTLE_RATE must be {RATE}, got '30/fortnight'"


VALUES_PROBE = """
import json
from django.conf import settings as s
rates = s.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
print(json.dumps([rates, s.BCRYPT_ROUNDS, s.EVENT_LIST_CACHE_SECONDS, s.REST_FRAMEWORK["NUM_PROXIES"],
                  s.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds(), s.LOGGING["root"]["level"]]))
"""


def test_edge_values_and_every_period_spelling_drf_reads_are_accepted(tmp_path):
    env = {"AUTH_THROTTLE_RATE": "5/s", "THROTTLE_ANON_RATE": " 300/minute ", "THROTTLE_USER_RATE": "9/day"}
    env |= {"PUBLIC_THROTTLE_RATE": "7/hour", "HEALTH_READY_THROTTLE_RATE": "2/m"}
    env |= {"BCRYPT_ROUNDS": "31", "EVENT_LIST_CACHE_SECONDS": "0", "NUM_PROXIES": "0"}
    env |= {"JWT_ACCESS_TTL": "1", "LOG_LEVEL": "debug"}
    result = run(["-c", VALUES_PROBE], tmp_path, **env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        {"auth": "5/s", "anon": "300/minute", "user": "9/day", "public": "7/hour", "health_ready": "2/m"},
        31,
        0,
        0,
        1.0,
        "DEBUG",
    ]


RATES_DRF_READS = [
    "30/min",
    "30/m",
    "1/second",
    "7/hours",
    "2/d",
    " 30/min",
    "30 /min",
    "+3/s",
    "1_000/h",
    "٣/s",
]
RATES_DRF_REFUSES = [
    "30/fortnight",
    "abc",
    "30/",
    "/min",
    "30/min/s",
    "1.5/s",
    "30/ min",
    "",
    "x/s",
    "30/Min",
]


@pytest.mark.parametrize("rate", [*RATES_DRF_READS, *RATES_DRF_REFUSES])
def test_rates_are_read_exactly_as_drfs_throttles_read_them(rate):
    """``eventsite.conf.env.rate`` accepts a rate exactly when DRF's parser, and so the project's
    throttles, read it, with the same numbers; only counts below 1 are refused besides (BAD_VALUES)."""
    from rest_framework.throttling import SimpleRateThrottle

    from eventsite.api.throttling import AuthRateThrottle, FixedWindowRateThrottle
    from eventsite.conf.env import rate as parse

    readings = set()
    for throttle in (SimpleRateThrottle, FixedWindowRateThrottle, AuthRateThrottle):
        try:
            readings.add(throttle.parse_rate(None, rate))
        except (ValueError, KeyError, IndexError):
            readings.add(None)
    try:
        ours = parse(rate)
    except ValueError:
        ours = None

    assert readings == {ours}
