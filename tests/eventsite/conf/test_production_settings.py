"""Production mode is configured by environment variables at start-up, so each check runs in a new process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "api.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://api.example.com",
}
HEADERS_SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="api.example.com")
secure = client.get("/", HTTP_X_FORWARDED_PROTO="https")
plain = client.get("/")
print(json.dumps({"secure": [secure.status_code, dict(secure.headers)],
                  "plain": [plain.status_code, dict(plain.headers)]}))
"""


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "CSRF_", "CORS_", "JWT_"))
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "eventsite.settings", **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_no_issues_in_production_mode():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "DEBUG")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_catches_a_weakened_setting():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", DJANGO_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


@pytest.fixture(scope="module")
def production_responses() -> dict:
    result = run_python("-c", HEADERS_SCRIPT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_responses_carry_the_security_headers(production_responses):
    status, headers = production_responses["secure"]

    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_plain_http_behind_the_gateway_is_redirected_to_https(production_responses):
    status, headers = production_responses["plain"]

    assert status == 301
    assert headers["Location"] == "https://api.example.com/"
