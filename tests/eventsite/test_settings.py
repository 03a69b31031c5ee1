"""Start-up behaviour that depends on the environment, checked in fresh processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PREFIXES = ("DJANGO_", "DATABASE_URL", "CORS_", "CSRF_", "AWS_", "JWT_")
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
