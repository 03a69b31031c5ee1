"""Start-up behaviour that depends on the environment, checked in fresh processes."""

import ast
import json
from pathlib import Path

import pytest

from tests.eventsite.conf.settings_process import PRODUCTION, PROJECT, check, run

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


def test_the_settings_module_only_assigns_but_for_the_secrets_read_first_and_the_warning_last():
    tree = ast.parse((PROJECT / "eventsite" / "settings.py").read_text())
    body = [node for node in tree.body[1:] if not isinstance(node, ast.Import | ast.ImportFrom)]
    calls = [ast.unparse(node.value.func) for node in body if isinstance(node, ast.Expr)]

    assert [type(node).__name__ for node in body if not isinstance(node, ast.Assign | ast.Expr)] == []
    assert calls == ["aws_secrets.fetch_from_aws_into_environ", "security.warn_if_development_key"]
    assert isinstance(body[0], ast.Expr) and isinstance(body[-1], ast.Expr)
