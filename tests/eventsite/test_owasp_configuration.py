"""OWASP API8 (security misconfiguration) and API9 (improper inventory management): errors,
start-up refusals, HEAD, a corrupted database, CSRF failures and the Content-Security-Policy.
"""

import re

import pytest

from events.models import Event
from tests.eventsite.owasp import EVENT_BODY
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import assert_error, expired_token

pytestmark = pytest.mark.django_db


# API8: security misconfiguration


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "/users/login", "{not json", 400),
        ("post", "/users/login", "[]", 400),
        ("delete", "/users/login", None, 405),
        ("get", "/no/such/route", None, 404),
    ],
)
def test_api8_errors_are_json_envelopes_without_internals(api_client, method, path, body, status):
    response = api_client.generic(method.upper(), path, body or "", content_type="application/json")

    assert_error(response, status)
    text = response.content.decode()
    assert "Traceback" not in text and "<html" not in text.lower() and "django" not in text.lower()


# API9: improper inventory management


@pytest.mark.parametrize(
    "path",
    ["/__debug__/", "/debug", "/graphql", "/api/v1/events", "/.env", "/swagger.json", "/openapi.json"],
)
def test_api9_no_debug_or_unlisted_routes_are_exposed(auth_client, path):
    assert_error(auth_client.get(path), 404, "not_found")


# Security issue: settings, development mode, HEAD, /health


def test_api8_a_bad_throttle_rate_stops_start_up_instead_of_failing_requests(tmp_path):
    from tests.eventsite.conf.settings_process import check

    result = check(tmp_path, AUTH_THROTTLE_RATE="30/fortnight")

    assert result.returncode == 1
    assert result.stderr.strip().startswith("eventsite: AUTH_THROTTLE_RATE must be requests/period")


def test_api8_production_mode_refuses_to_log_password_reset_mails_to_the_console(tmp_path):
    from tests.eventsite.conf.settings_process import PRODUCTION, check

    result = check(tmp_path, **PRODUCTION, DJANGO_ALLOWED_HOSTS="api.example.com", EMAIL_BACKEND="console")

    assert result.returncode == 1
    assert result.stderr.strip().startswith("eventsite: EMAIL_BACKEND must not be the console backend")


def test_api8_head_answers_like_get_with_no_body(auth_client):
    from unittest import mock

    # The test client drops HEAD bodies itself; Zappa's Lambda handler would not.
    with mock.patch("django.test.client.conditional_content_removal", lambda request, response: response):
        head, get = auth_client.head("/health"), auth_client.get("/health")

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == get["Content-Length"]


def test_api2_health_ignores_an_expired_bearer_token(api_client, user):
    response = api_client.get("/health", HTTP_AUTHORIZATION=expired_token(user))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# Security issue: a corrupted SQLite file


def _corrupt_sqlite_file(path, kind: str) -> None:
    """``not_a_database``: no SQLite header at all; ``malformed``: a header, then garbage pages."""
    import os
    import sqlite3

    if kind == "not_a_database":
        path.write_bytes(os.urandom(8192))
        return
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE filler (text)")
        database.executemany("INSERT INTO filler VALUES (?)", [("x" * 100,)] * 300)
    database.close()
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(100)
        file.write(os.urandom(size - 100))


@pytest.mark.parametrize(("kind", "debug"), [("not_a_database", "true"), ("malformed", "false")])
def test_api8_a_corrupted_sqlite_file_answers_503_on_every_endpoint_not_500(
    tmp_path, monkeypatch, kind, debug
):
    from tests.helpers import run_race

    _corrupt_sqlite_file(tmp_path / "race.sqlite3", kind)  # the file run_race's process opens
    monkeypatch.setenv("DJANGO_DEBUG", debug)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-test-secret-key-that-is-long-enough-for-hs256")
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", "false")

    answers = run_race("tests.eventsite.unreadable_database", tmp_path, database_url=None)

    unknown_route = answers.pop("GET /no/such/route")
    readiness = answers.pop("GET /health/ready")
    assert len(answers) > 10
    assert {request: (status, code) for request, (status, _, code) in answers.items()} == {
        request: (503, "database_unavailable") for request in answers
    }, answers
    assert (unknown_route[0], unknown_route[2]) == (404, "not_found")
    assert (readiness[0], readiness[2]) == (503, "not_ready")


# Security issue: the CSRF failure page


def test_api8_a_csrf_failure_is_a_json_envelope_for_api_requests_and_a_page_for_browser_forms(user):
    from django.test import Client

    session = Client(enforce_csrf_checks=True)
    session.force_login(user)
    browser = "text/html,application/xhtml+xml,*/*;q=0.8"
    login = {"username": user.email, "password": DEFAULT_PASSWORD}

    api_write = session.post("/events", EVENT_BODY, content_type="application/json")
    form_posts = {
        (path, accept): session.post(path, login, HTTP_ACCEPT=accept)
        for path in ("/admin/login/", "/api-auth/login/")
        for accept in ("application/json", "*/*")
    }
    browser_form = session.post("/admin/login/", login, HTTP_ACCEPT=browser)

    assert "CSRF" in assert_error(api_write, 403, "csrf_failed")["message"]
    for answer in form_posts.values():
        assert "CSRF" in assert_error(answer, 403, "csrf_failed")["message"]
    assert browser_form.status_code == 403
    assert browser_form["Content-Type"].startswith("text/html")
    assert not Event.objects.exists()


# Security issue: a Content-Security-Policy on the HTML pages (tests/browser shows they work under it)


# The attributes of each inline script that a browser would run (not JSON data blocks).
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>")


def test_api8_every_html_page_carries_a_content_security_policy_without_inline_scripts(superuser):
    from django.test import Client

    anonymous, staff = Client(), Client()
    staff.force_login(superuser)
    pages = {
        path: client.get(path, HTTP_ACCEPT="text/html")
        for client, paths in [
            (anonymous, ["/admin/login/", "/api-auth/login/", "/docs", "/redoc"]),
            (staff, ["/admin/", "/admin/events/event/add/", "/events", "/"]),
        ]
        for path in paths
    }

    for path, answer in pages.items():
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html"), path
        policy = answer["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, path
        nonce = "".join(re.findall(r"'nonce-([^']+)'", policy))
        inline_scripts = INLINE_SCRIPT.findall(answer.content)
        assert all(nonce and f'nonce="{nonce}"'.encode() in attributes for attributes in inline_scripts), path
    assert re.search(rb'<script nonce="', pages["/docs"].content)
