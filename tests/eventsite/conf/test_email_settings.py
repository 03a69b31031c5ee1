"""Outgoing mail is configured by EMAIL_URL or EMAIL_BACKEND and friends."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventsite.conf.mail import email_backend, email_url_settings

ROOT = Path(__file__).resolve().parents[3]
SMTP = "django.core.mail.backends.smtp.EmailBackend"
PROBE = (
    "from django.conf import settings as s; print(__import__('json').dumps([s.EMAIL_BACKEND, s.EMAIL_HOST]))"
)


def test_an_ses_smtp_url_gives_host_port_credentials_and_starttls():
    settings = email_url_settings(
        "smtp+tls://AKIA%2FUSER:p%40ss@email-smtp.eu-west-1.amazonaws.com?timeout=5"
    )

    assert settings == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "email-smtp.eu-west-1.amazonaws.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "AKIA/USER",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 5,
    }


def test_smtps_means_implicit_tls_on_465_and_console_needs_no_host():
    assert email_url_settings("smtps://mail.example.com")["EMAIL_USE_SSL"] is True
    assert email_url_settings("smtps://mail.example.com")["EMAIL_PORT"] == 465
    assert email_url_settings("console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


@pytest.mark.parametrize("url", ["http://mail.example.com", "smtp://", "smtp://host:notaport"])
def test_a_malformed_email_url_is_refused(url):
    with pytest.raises(ValueError, match="EMAIL_URL"):
        email_url_settings(url)


def test_unset_backend_is_the_console_locally_and_smtp_in_production():
    assert email_backend("", debug=True).endswith("console.EmailBackend")
    assert email_backend("", debug=False) == SMTP
    assert email_backend("locmem", debug=False).endswith("locmem.EmailBackend")


def run_settings(**env) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("EMAIL")}
    clean |= {"DJANGO_SETTINGS_MODULE": "eventsite.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PROBE}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_read_email_url_and_stop_with_one_line_on_a_bad_one():
    good = run_settings(EMAIL_URL="smtp+tls://u:p@smtp.example.com:2587")
    bad = run_settings(EMAIL_URL="ftp://smtp.example.com")

    assert json.loads(good.stdout) == [SMTP, "smtp.example.com"]
    assert bad.returncode != 0
    assert bad.stderr.strip().splitlines()[-1].startswith("eventsite: EMAIL_URL must be")
