"""Webhook settings: plain http follows DEBUG, loopback stays off, and bad numbers stop start-up."""

import json

import pytest

from tests.eventsite.conf.settings_process import PRODUCTION, check, run

PROBE = """
import json
from django.conf import settings as s
print(json.dumps([s.WEBHOOKS_ALLOW_HTTP, s.WEBHOOKS_ALLOW_LOOPBACK, s.WEBHOOKS_TIMEOUT_SECONDS,
                  s.WEBHOOKS_MAX_ATTEMPTS, s.WEBHOOKS_DISABLE_AFTER_FAILURES]))
"""
HOSTS = {"DJANGO_ALLOWED_HOSTS": "api.example.com"}


def probe(tmp_path, **env) -> list:
    result = run(["-c", PROBE], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_calls_https_urls_only_and_development_allows_http(tmp_path):
    assert probe(tmp_path, **PRODUCTION, **HOSTS) == [False, False, 5, 5, 5]
    assert probe(tmp_path) == [True, False, 5, 5, 5]


def test_each_webhook_setting_is_read_from_the_environment(tmp_path):
    env = {
        "WEBHOOKS_ALLOW_HTTP": "false",
        "WEBHOOKS_ALLOW_LOOPBACK": "true",
        "WEBHOOKS_TIMEOUT_SECONDS": "30",
    }
    env |= {"WEBHOOKS_MAX_ATTEMPTS": "1", "WEBHOOKS_DISABLE_AFTER_FAILURES": "3"}

    assert probe(tmp_path, **env) == [False, True, 30, 1, 3]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("WEBHOOKS_TIMEOUT_SECONDS", "31", "a whole number of seconds from 1 to 30"),
        ("WEBHOOKS_MAX_ATTEMPTS", "0", "a whole number from 1 to 10"),
        ("WEBHOOKS_DISABLE_AFTER_FAILURES", "many", "a whole number from 1 to 1000"),
    ],
)
def test_a_bad_webhook_number_refuses_to_start_naming_the_variable(tmp_path, variable, value, expected):
    result = check(tmp_path, **PRODUCTION, **HOSTS, **{variable: value})

    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"eventsite: {variable} must be {expected}, got {value!r}"
