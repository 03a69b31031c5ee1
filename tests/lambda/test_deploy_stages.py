"""The real ``zappa`` CLI deploys, updates and removes ``staging`` and ``production``, with their monitoring.

Both run from the session's package (``--zip``): Zappa then skips role management, so the role
is made here. One update each, so that Zappa prunes no version: moto then fails to delete the
function (``test_deploy.py`` covers the pruning, on a moto of its own).
"""

from __future__ import annotations

import json

import pytest

from .stage_checks import assert_stage_is_monitored, stage_settings
from .test_deploy import (
    SCHEDULE,
    api_id_of,
    assert_task_queue_is_mapped,
    lambda_calls,
    lambda_calls_log,  # noqa: F401 - a fixture
    proxy_integration_uri,
    rebuilt,
    scheduled_rules,
    stage_throttling,
    stage_tracing,
    zappa,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("stage", ["staging", "production"])
def test_the_stage_deploys_with_its_secret_limits_tracing_and_alarms_and_undeploys(
    stage,
    zappa,  # noqa: F811
    aws_client,
    lambda_calls_log,  # noqa: F811
    lambda_package,
    tmp_path,
):
    function = f"eventsite-{stage}"
    settings = stage_settings(stage)
    limits = settings["apigateway_throttling"]
    lambda_client, apigateway = aws_client("lambda"), aws_client("apigateway")
    aws_client("iam").create_role(
        RoleName=f"{function}-ZappaLambdaExecutionRole",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )

    zappa("deploy", stage, "--zip", str(lambda_package))

    (created,) = lambda_calls(lambda_calls_log, "CreateFunction")
    assert created["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert created["TracingConfig"] == {"Mode": "Active"}
    assert (created["MemorySize"], created["Timeout"]) == (
        settings["memory_size"],
        settings["timeout_seconds"],
    )
    assert created["Environment"]["Variables"] == settings["aws_environment_variables"]
    assert created["Environment"]["Variables"]["DJANGO_SECRETS_ARN"] == f"eventsite/{stage}"
    assert proxy_integration_uri(apigateway, function).endswith(f":function:{function}:snapstart/invocations")
    api_id = api_id_of(apigateway, function)
    assert stage_throttling(apigateway, api_id, stage) == (float(limits["rate_limit"]), limits["burst_limit"])
    assert stage_tracing(apigateway, api_id, stage) is True
    assert_task_queue_is_mapped(aws_client, function)
    assert scheduled_rules(aws_client, function) == SCHEDULE
    assert_stage_is_monitored(aws_client, function, stage, settings["eventsite_monitoring"])

    zappa("update", stage, "--zip", str(rebuilt(lambda_package, tmp_path / "1.zip", 1)))

    (configured,) = lambda_calls(lambda_calls_log, "UpdateFunctionConfiguration")
    assert configured["TracingConfig"] == {"Mode": "Active"}
    assert stage_throttling(apigateway, api_id, stage) == (float(limits["rate_limit"]), limits["burst_limit"])
    assert stage_tracing(apigateway, api_id, stage) is True
    assert_stage_is_monitored(aws_client, function, stage, settings["eventsite_monitoring"])

    zappa("undeploy", stage, "--yes", "--remove-logs")
    assert function not in [f["FunctionName"] for f in lambda_client.list_functions()["Functions"]]
    stacks = aws_client("cloudformation").list_stacks()["StackSummaries"]
    assert {s["StackStatus"] for s in stacks if s["StackName"] == function} == {"DELETE_COMPLETE"}
