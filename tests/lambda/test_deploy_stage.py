"""scripts/stage_deployed.py, which tells scripts/deploy_stage.sh to update or to deploy, on moto.

It runs on a copy of zappa_settings.json with one more stage, ``check``, that extends
``production`` under another project name: the session's moto keeps what the other deploy
tests leave there, and ``eventsite-production`` may be one of them.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile

import pytest

from .lambda_runtime import PROJECT_DIR

SCRIPT = PROJECT_DIR / "scripts" / "stage_deployed.py"
NOT_DEPLOYED = 3
FUNCTION = "stagecheck-check"


@pytest.fixture
def settings_dir(tmp_path):
    settings = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())
    settings["check"] = {"extends": "production", "project_name": "stagecheck"}
    (tmp_path / "zappa_settings.json").write_text(json.dumps(settings))
    return tmp_path


def stage_deployed(lambda_venv, aws_env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(lambda_venv / "bin" / "python"), str(SCRIPT), "check"],
        cwd=cwd,
        env={**os.environ, **aws_env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def create_function(aws_client, name: str) -> None:
    role = aws_client("iam").create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument="{}")["Role"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    aws_client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role["Arn"],
        Handler="handler.handler",
        Code={"ZipFile": code.getvalue()},
    )


def test_a_stage_without_its_function_is_not_deployed_and_then_is_once_the_function_exists(
    lambda_venv, aws_env, aws_client, settings_dir
):
    result = stage_deployed(lambda_venv, aws_env, settings_dir)
    assert result.returncode == NOT_DEPLOYED, result.stdout + result.stderr

    create_function(aws_client, FUNCTION)

    result = stage_deployed(lambda_venv, aws_env, settings_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    aws_client("lambda").delete_function(FunctionName=FUNCTION)
    aws_client("iam").delete_role(RoleName=f"{FUNCTION}-role")


def test_an_aws_failure_is_an_error_rather_than_a_first_deploy(lambda_venv, aws_env, settings_dir):
    unreachable = {**aws_env, "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1"}

    result = stage_deployed(lambda_venv, unreachable, settings_dir)

    assert result.returncode not in (0, NOT_DEPLOYED)
    assert "EndpointConnectionError" in result.stderr
