"""Start-up behaviour that depends on the environment, checked in fresh processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PREFIXES = ("DJANGO_", "DATABASE_URL", "CORS_", "CSRF_", "AWS_", "JWT_", "EMAIL_", "LOG_LEVEL")
PREFIXES += ("AUTH_THROTTLE_", "THROTTLE_", "BCRYPT_", "LOGIN_", "REGISTER_", "NUM_PROXIES", "MAX_REQUEST_")
PREFIXES += ("EVENT_LIST_",)
PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "a-real-secret-key-for-this-test-only"}

CORS_PROBE = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
origins = ["https://app.example.com", "https://evil.example.net"]
# As behind API Gateway: HTTPS, else production mode redirects before CORS answers.
answers = {o: client.get("/", HTTP_ORIGIN=o, HTTP_X_FORWARDED_PROTO="https") for o in origins}
print(json.dumps({o: response.get("Access-Control-Allow-Origin") for o, response in answers.items()}))
"""


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(PREFIXES)}
    clean |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env}
    clean.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=clean, capture_output=True, text=True, timeout=60
    )


def check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return run(["manage.py", "check"], tmp_path, **env)


def test_local_default_starts_without_any_variables(tmp_path):
    result = check(tmp_path)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "api.example.com"}, "DJANGO_SECRET_KEY"),
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
        (PRODUCTION, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_mode_refuses_to_start_with_one_clear_line(tmp_path, env, variable):
    result = check(tmp_path, **env)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("eventsite: ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_production_mode_starts_with_secret_and_hosts(tmp_path):
    result = check(tmp_path, **PRODUCTION, DJANGO_ALLOWED_HOSTS="api.example.com")

    assert result.returncode == 0, result.stderr


def cors_answers(tmp_path: Path, **env: str) -> dict:
    result = run(["-c", CORS_PROBE], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_default_allows_any_origin(tmp_path):
    assert set(cors_answers(tmp_path).values()) == {"*"}


def test_production_allows_only_listed_origins(tmp_path):
    answers = cors_answers(
        tmp_path,
        **PRODUCTION,
        DJANGO_ALLOWED_HOSTS="testserver",
        CORS_ALLOWED_ORIGINS="https://app.example.com",
    )

    assert answers == {"https://app.example.com": "https://app.example.com", "https://evil.example.net": None}


def test_production_without_listed_origins_allows_none(tmp_path):
    answers = cors_answers(tmp_path, **PRODUCTION, DJANGO_ALLOWED_HOSTS="testserver")

    assert set(answers.values()) == {None}


PRAGMA_PROBE = """
import django
django.setup()
from django.db import connection
cursor = connection.cursor()
print([cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "synchronous")])
"""


def test_the_local_sqlite_database_uses_write_ahead_logging(tmp_path):
    result = run(["manage.py", "migrate", "--noinput", "-v", "0"], tmp_path)
    assert result.returncode == 0, result.stderr
    probe = run(["-c", PRAGMA_PROBE], tmp_path)

    assert probe.returncode == 0, probe.stderr
    # synchronous: 1 is NORMAL (2, FULL, is SQLite's default).
    assert probe.stdout.strip().splitlines()[-1] == "['wal', 1]"


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
    ("JWT_ACCESS_TTL", "-5", SECONDS),
    ("JWT_ACCESS_TTL", "1h", SECONDS),
    ("JWT_REFRESH_TTL", "0", SECONDS),
    ("JWT_REFRESH_TTL", "99999999999999", SECONDS),
    ("EVENT_LIST_CACHE_SECONDS", "-1", "a whole number of seconds from 0 to 315360000"),
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
    env |= {"BCRYPT_ROUNDS": "31", "EVENT_LIST_CACHE_SECONDS": "0", "NUM_PROXIES": "0"}
    env |= {"JWT_ACCESS_TTL": "1", "LOG_LEVEL": "debug"}
    result = run(["-c", VALUES_PROBE], tmp_path, **env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        {"auth": "5/s", "anon": "300/minute", "user": "9/day"},
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


def test_development_mode_warns_once_that_the_built_in_secret_key_is_public(tmp_path):
    result = check(tmp_path)

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("eventsite: WARNING: ")]
    assert len(warnings) == 1, result.stderr
    assert "DJANGO_SECRET_KEY" in warnings[0] and "public development key" in warnings[0]


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_SECRET_KEY": "a-local-secret-of-my-own"},
        {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "api.example.com"},
    ],
)
def test_a_secret_key_of_ones_own_starts_without_the_warning(tmp_path, env):
    result = check(tmp_path, **env)

    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_production_mode_refuses_the_public_development_key_even_when_set(tmp_path):
    from eventsite.settings import DEVELOPMENT_SECRET_KEY

    result = check(
        tmp_path, DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="a", DJANGO_SECRET_KEY=DEVELOPMENT_SECRET_KEY
    )

    assert result.returncode == 1
    assert result.stderr.strip().startswith("eventsite: DJANGO_SECRET_KEY must be a secret of your own")


CONSOLE_REFUSED = (
    "must not be the console backend in production mode (DJANGO_DEBUG off): it writes every mail, "
    "password-reset tokens included, to the logs; use an SMTP server, locmem or dummy"
)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EMAIL_BACKEND", "console"),
        ("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        ("EMAIL_URL", "console://"),
    ],
)
def test_production_mode_refuses_the_console_mail_backend(tmp_path, variable, value):
    result = check(tmp_path, **PRODUCTION, DJANGO_ALLOWED_HOSTS="api.example.com", **{variable: value})

    assert result.returncode == 1
    assert result.stderr.strip() == f"eventsite: {variable} {CONSOLE_REFUSED}"


@pytest.mark.parametrize(
    "env",
    [
        {"EMAIL_BACKEND": "console"},
        {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "api.example.com", "EMAIL_BACKEND": "locmem"},
    ],
)
def test_the_console_backend_stays_for_development_and_locmem_for_production(tmp_path, env):
    assert check(tmp_path, **env).returncode == 0
