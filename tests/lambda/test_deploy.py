"""The real ``zappa`` CLI deploys, reports, updates and removes the app on moto.

Invoking the deployed function would need Docker in moto; the handler tests cover that.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .lambda_runtime import PROJECT_DIR

pytestmark = pytest.mark.slow

LAMBDA_VENV = PROJECT_DIR / ".venv-lambda"
ZAPPA_MOTO = Path(__file__).with_name("zappa_moto.py")


@pytest.fixture
def zappa(aws_env, lambda_venv):
    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, **aws_env, "VIRTUAL_ENV": str(LAMBDA_VENV)}
        env["PATH"] = f"{LAMBDA_VENV / 'bin'}:{env['PATH']}"
        result = subprocess.run(
            [str(LAMBDA_VENV / "bin" / "python"), str(ZAPPA_MOTO), *args],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result

    return run


def stage_throttling(apigateway, api_id: str) -> tuple[float, int]:
    """The (rate, burst) API Gateway applies to all methods of the dev stage."""
    settings = apigateway.get_stage(restApiId=api_id, stageName="dev")["methodSettings"]["*/*"]
    return settings["throttlingRateLimit"], settings["throttlingBurstLimit"]


def test_zappa_deploys_reports_updates_and_undeploys_the_dev_stage(zappa, aws_client):
    lambda_client, apigateway = aws_client("lambda"), aws_client("apigateway")

    deployed = zappa("deploy", "dev")

    assert "Deployment complete!" in deployed.stdout
    function = lambda_client.get_function_configuration(FunctionName="eventsite-dev")
    assert function["Runtime"] == "python3.12"
    assert function["MemorySize"] == 1024
    assert function["Timeout"] == 30
    assert function["Handler"] == "handler.lambda_handler"
    assert function["Environment"]["Variables"] == {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRETS_ARN": "eventsite/dev",
        "LOG_LEVEL": "INFO",
        "NUM_PROXIES": "0",
    }
    (api,) = [api for api in apigateway.get_rest_apis()["items"] if api["name"] == "eventsite-dev"]
    resources = {item["path"]: item for item in apigateway.get_resources(restApiId=api["id"])["items"]}
    assert {"/", "/{proxy+}"} <= set(resources)
    assert "ANY" in resources["/{proxy+}"]["resourceMethods"]
    assert [stage["stageName"] for stage in apigateway.get_stages(restApiId=api["id"])["item"]] == ["dev"]
    # The ``post`` callback (eventsite/lambda_build/stage_throttling.py) throttles every method of the stage.
    assert stage_throttling(apigateway, api["id"]) == (50.0, 100)

    status = zappa("status", "dev")
    assert "python3.12" in status.stdout
    assert f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/dev" in status.stdout

    zappa("update", "dev")
    updated = lambda_client.get_function_configuration(FunctionName="eventsite-dev")
    assert updated["CodeSha256"] != function["CodeSha256"]
    assert stage_throttling(apigateway, api["id"]) == (50.0, 100)

    zappa("undeploy", "dev", "--yes", "--remove-logs")
    assert "eventsite-dev" not in [f["FunctionName"] for f in lambda_client.list_functions()["Functions"]]
    # Zappa removes the API by deleting its CloudFormation stack (moto keeps the RestApi record).
    stacks = aws_client("cloudformation").list_stacks()["StackSummaries"]
    assert {s["StackStatus"] for s in stacks if s["StackName"] == "eventsite-dev"} == {"DELETE_COMPLETE"}
