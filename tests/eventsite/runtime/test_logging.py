import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from eventsite.runtime.logging import JsonFormatter
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[3]
STDOUT_SCRIPT = """
import django
django.setup()
from django.test import Client
Client().get("/", HTTP_X_REQUEST_ID="from-the-client")
"""


@pytest.fixture
def log_lines():
    """Everything logged at any level, formatted by the project's configured formatter."""
    root = logging.getLogger()
    formatter = next(h.formatter for h in root.handlers if isinstance(h.formatter, JsonFormatter))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(previous_level)


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "eventsite.request"]


def test_log_lines_on_stdout_are_json_with_the_request_fields():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWS_"))}
    result = subprocess.run(
        [sys.executable, "-c", STDOUT_SCRIPT],
        cwd=PROJECT,
        env={**env, "DJANGO_SETTINGS_MODULE": "eventsite.settings", "DJANGO_ALLOWED_HOSTS": "testserver"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["level"] == "INFO"
    assert line["logger"] == "eventsite.request"
    assert line["message"] == "GET / 200"
    assert line["requestId"] == "from-the-client"
    assert (line["method"], line["path"], line["status"], line["userId"]) == ("GET", "/", 200, None)
    assert isinstance(line["durationMs"], float)


def test_register_login_refresh_and_logout_never_log_credentials(api_client, log_lines):
    password = "Unguessable-pass-4711"
    registered = api_client.post(
        "/users/register",
        {"name": "Ada", "email": "ada@example.com", "password": password},
        format="json",
        HTTP_X_REQUEST_ID="register-1",
    ).json()
    logged_in = api_client.post(
        "/users/login", {"email": "ada@example.com", "password": password}, format="json"
    ).json()
    wrong = api_client.post(
        "/users/login", {"email": "ada@example.com", "password": password + "x"}, format="json"
    )
    refreshed = api_client.post(
        "/users/token/refresh", {"refreshToken": logged_in["refreshToken"]}, format="json"
    ).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed['token']}")
    me = api_client.get("/users/me")
    api_client.post("/users/logout", {"refreshToken": refreshed["refreshToken"]}, format="json")
    reused = api_client.post(
        "/users/token/refresh", {"refreshToken": logged_in["refreshToken"]}, format="json"
    )

    assert (wrong.status_code, me.status_code, reused.status_code) == (401, 200, 401)
    text = json.dumps(log_lines())
    secrets = [password, password + "x"]
    secrets += [body[key] for body in (registered, logged_in, refreshed) for key in ("token", "refreshToken")]
    assert not [secret for secret in secrets if secret in text]
    assert "Bearer" not in text
    assert "password" not in text.lower()
    requests = access_lines(log_lines())
    assert [(line["method"], line["path"], line["status"]) for line in requests] == [
        ("POST", "/users/register", 200),
        ("POST", "/users/login", 200),
        ("POST", "/users/login", 401),
        ("POST", "/users/token/refresh", 200),
        ("GET", "/users/me", 200),
        ("POST", "/users/logout", 204),
        ("POST", "/users/token/refresh", 401),
    ]
    assert requests[0]["requestId"] == "register-1"
    assert requests[4]["userId"] == registered["user"]["userId"]
    assert requests[2]["level"] == "WARNING"


def subprocess_database_url(tmp_path: Path) -> str:
    """This run's test database on MongoDB (the server is shared); a new SQLite file otherwise."""
    if connection.vendor != "mongodb":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    url = urlsplit(connection.settings_dict["HOST"])
    return urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}"))


def test_production_at_debug_level_logs_no_password_hash_or_token(tmp_path):
    """The settings' own LOGGING, in production mode at LOG_LEVEL=DEBUG, as on Lambda.

    On MongoDB, pymongo's DEBUG records hold whole commands and replies: user documents
    with their password hashes, refresh tokens being revoked.
    """
    password = "Unguessable-pass-4711"
    result_path = tmp_path / "result.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="eventsite.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-production-like-secret-key-for-this-test-only",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=subprocess_database_url(tmp_path),
        LOG_LEVEL="DEBUG",
        BCRYPT_ROUNDS="4",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.eventsite.runtime.logged_flow", password, str(result_path)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    flow = json.loads(result_path.read_text())
    assert flow["statuses"] == [200, 200, 401, 200, 200, 204, 401]
    assert flow["levels"]["root"] == "DEBUG"
    logs = result.stdout + result.stderr
    requests = [json.loads(line) for line in result.stdout.splitlines() if '"eventsite.request"' in line]
    assert len(requests) == 7
    secrets = [password, password + "x", flow["passwordHash"], *flow["tokens"]]
    assert not [secret for secret in secrets if secret in logs]
    assert "bcrypt" not in logs
    assert "Bearer" not in logs
    assert flow["levels"]["pymongo.command"] == "WARNING"


def test_incoming_request_id_is_echoed_in_the_response(api_client, log_lines):
    response = api_client.get("/health", HTTP_X_REQUEST_ID="abc-123")

    assert response["X-Request-ID"] == "abc-123"
    assert access_lines(log_lines())[0]["requestId"] == "abc-123"


@pytest.mark.parametrize("incoming", [None, "", "x" * 129, "evil\ninjected", 'quote"d'])
def test_missing_or_malformed_request_id_is_replaced_by_a_new_one(api_client, log_lines, incoming):
    headers = {} if incoming is None else {"HTTP_X_REQUEST_ID": incoming}
    response = api_client.get("/health", **headers)

    request_id = response["X-Request-ID"]
    assert request_id != incoming
    assert uuid.UUID(request_id)
    assert access_lines(log_lines())[0]["requestId"] == request_id


def test_api_gateway_request_id_wins_on_lambda(api_client, log_lines):
    event = {"requestContext": {"requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "stage": "dev"}}
    response = api_client.get("/health", HTTP_X_REQUEST_ID="client-chosen", **{"lambda.event": event})

    assert response["X-Request-ID"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    assert access_lines(log_lines())[0]["requestId"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"


def test_error_responses_are_logged_with_their_status(auth_client, log_lines):
    auth_client.get("/events/not-an-id")
    auth_client.post("/users/login", {"email": "x@example.com", "password": DEFAULT_PASSWORD}, format="json")

    statuses = [(line["level"], line["status"]) for line in access_lines(log_lines())]
    assert statuses == [("WARNING", 404), ("WARNING", 401)]
    assert DEFAULT_PASSWORD not in json.dumps(log_lines())


def test_secrets_inside_log_messages_are_redacted(log_lines):
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiIxIn0.c2lnbmF0dXJl"
    logging.getLogger("some.library").warning(
        "headers=%s body=%s", {"Authorization": f"Bearer {jwt}"}, '{"password": "hunter2"}'
    )

    [line] = log_lines()
    assert line["level"] == "WARNING"
    assert jwt not in line["message"]
    assert "hunter2" not in line["message"]
    assert line["message"].startswith("headers=")


def test_runserver_logs_one_line_per_request(tmp_path):
    """Django's own access logger (``django.server``) would repeat each line in another format."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="eventsite.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    output = tmp_path / "runserver.log"
    with output.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/not-a-page", timeout=2)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=5).read()
        time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)

    lines = [line for line in output.read_text().splitlines() if "GET /favicon.ico" in line]
    assert len(lines) == 1, lines
    assert json.loads(lines[0])["logger"] == "eventsite.request"


def test_a_request_for_another_host_is_one_warning_without_a_traceback(api_client, log_lines):
    response = api_client.get("/health", HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    [line] = [line for line in log_lines() if line["logger"] == "django.security.DisallowedHost"]
    assert line["level"] == "WARNING"
    assert "elsewhere.example" in line["message"]
    assert "exception" not in line
