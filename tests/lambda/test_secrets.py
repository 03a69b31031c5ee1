"""Secrets named by ``DJANGO_SECRETS_ARN`` reach the settings at start-up (against moto)."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from .lambda_runtime import PROJECT_DIR

pytestmark = pytest.mark.slow

PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'secretKey': settings.SECRET_KEY, "
    "'database': str(settings.DATABASES['default']['NAME']), 'debug': settings.DEBUG}))"
)


def start_on_lambda(aws_env: dict[str, str], secrets_source: str) -> subprocess.CompletedProcess:
    env = {
        **aws_env,
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "eventsite.settings",
        "AWS_LAMBDA_FUNCTION_NAME": "eventsite-dev",
        "DJANGO_SECRETS_ARN": secrets_source,
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def stored_secrets(tmp_path) -> dict[str, str]:
    return {
        "DJANGO_SECRET_KEY": f"from-the-vault-{uuid.uuid4().hex}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'secret.sqlite3'}",
    }


def assert_loaded(result: subprocess.CompletedProcess, stored: dict[str, str], tmp_path) -> None:
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded == {
        "secretKey": stored["DJANGO_SECRET_KEY"],
        "database": str(tmp_path / "secret.sqlite3"),
        "debug": False,
    }
    assert stored["DJANGO_SECRET_KEY"] not in result.stderr


def test_secrets_manager_secret_is_loaded_into_settings_at_start(
    aws_env, aws_client, stored_secrets, tmp_path
):
    arn = aws_client("secretsmanager").create_secret(
        Name=f"eventsite/test-{uuid.uuid4().hex[:8]}", SecretString=json.dumps(stored_secrets)
    )["ARN"]

    assert_loaded(start_on_lambda(aws_env, arn), stored_secrets, tmp_path)


def test_ssm_secure_string_parameter_is_loaded_into_settings_at_start(
    aws_env, aws_client, stored_secrets, tmp_path
):
    name = f"/eventsite/test-{uuid.uuid4().hex[:8]}"
    aws_client("ssm").put_parameter(Name=name, Value=json.dumps(stored_secrets), Type="SecureString")

    assert_loaded(start_on_lambda(aws_env, f"ssm:{name}"), stored_secrets, tmp_path)


def test_missing_secret_stops_start_up_with_one_line_naming_the_error(aws_env):
    result = start_on_lambda(aws_env, "eventsite/does-not-exist")

    assert result.returncode != 0
    assert (
        result.stderr.strip()
        == "eventsite: cannot read secrets from eventsite/does-not-exist: ResourceNotFoundException"
    )


def test_secret_that_is_not_a_json_object_is_refused_without_echoing_it(aws_env, aws_client):
    aws_client("secretsmanager").create_secret(Name="eventsite/plain-text", SecretString="hunter2-plain")

    result = start_on_lambda(aws_env, "eventsite/plain-text")

    assert result.returncode != 0
    assert "must be a JSON object of strings" in result.stderr
    assert "hunter2-plain" not in result.stderr + result.stdout
