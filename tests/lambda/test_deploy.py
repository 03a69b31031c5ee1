"""The real ``zappa`` CLI deploys, reports, updates and removes the app on moto.

Invoking the deployed function would need Docker in moto; the handler tests cover that.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from .lambda_runtime import PROJECT_DIR
from .stage_checks import assert_stage_is_monitored, stage_settings

pytestmark = pytest.mark.slow

LAMBDA_VENV = PROJECT_DIR / ".venv-lambda"
ZAPPA_MOTO = Path(__file__).with_name("zappa_moto.py")


@pytest.fixture
def lambda_calls_log(tmp_path) -> Path:
    """Where ``zappa_moto.py`` appends the Lambda API calls Zappa makes, one JSON line each."""
    return tmp_path / "lambda-calls.jsonl"


@pytest.fixture
def zappa(aws_env, lambda_venv, lambda_calls_log):
    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, **aws_env, "VIRTUAL_ENV": str(LAMBDA_VENV)}
        env["ZAPPA_MOTO_LAMBDA_CALLS"] = str(lambda_calls_log)
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


def stage_throttling(apigateway, api_id: str, stage: str = "dev") -> tuple[float, int]:
    """The (rate, burst) API Gateway applies to all methods of the stage."""
    settings = apigateway.get_stage(restApiId=api_id, stageName=stage)["methodSettings"]["*/*"]
    return settings["throttlingRateLimit"], settings["throttlingBurstLimit"]


def stage_tracing(apigateway, api_id: str, stage: str) -> bool:
    return apigateway.get_stage(restApiId=api_id, stageName=stage)["tracingEnabled"]


def lambda_calls(log: Path, operation: str) -> list[dict]:
    """The parameters of each ``operation`` call Zappa sent, oldest first; the log is then emptied."""
    lines = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return [call["params"] for call in map(json.loads, lines) if call["operation"] == operation]


def api_id_of(apigateway, api_name: str) -> str:
    (api,) = [api for api in apigateway.get_rest_apis()["items"] if api["name"] == api_name]
    return api["id"]


def proxy_integration_uri(apigateway, api_name: str) -> str:
    """The Lambda ARN API Gateway invokes for ``/{proxy+}``, inside its integration URI."""
    api_id = api_id_of(apigateway, api_name)
    resources = {item["path"]: item for item in apigateway.get_resources(restApiId=api_id)["items"]}
    proxy = resources["/{proxy+}"]["id"]
    return apigateway.get_integration(restApiId=api_id, resourceId=proxy, httpMethod="ANY")["uri"]


def task_queue_setup(aws_client, function: str) -> dict:
    """What the deploy left for the task queue: the queue, its DLQ and the function's mappings."""
    sqs = aws_client("sqs")
    url = sqs.get_queue_url(QueueName=f"{function}-tasks")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    dlq_url = sqs.get_queue_url(QueueName=f"{function}-tasks-dlq")["QueueUrl"]
    dlq = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]
    function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{function}"
    mappings = aws_client("lambda").list_event_source_mappings(FunctionName=function_arn)[
        "EventSourceMappings"
    ]
    return {
        "queueArn": attributes["QueueArn"],
        "visibilityTimeout": int(attributes["VisibilityTimeout"]),
        "redrivePolicy": json.loads(attributes["RedrivePolicy"]),
        "dlqArn": dlq["QueueArn"],
        "mappings": [
            (m["EventSourceArn"], m["BatchSize"], m["State"], m.get("FunctionResponseTypes"))
            for m in mappings
        ],
    }


def assert_task_queue_is_mapped(aws_client, function: str, timeout_seconds: int = 30) -> None:
    """The queue feeds the function (batches of 10, partial batch responses); 5 receives, then the DLQ."""
    setup = task_queue_setup(aws_client, function)
    assert setup["queueArn"] == f"arn:aws:sqs:us-east-1:123456789012:{function}-tasks"
    assert setup["mappings"] == [(setup["queueArn"], 10, "Enabled", ["ReportBatchItemFailures"])]
    assert setup["redrivePolicy"] == {"deadLetterTargetArn": setup["dlqArn"], "maxReceiveCount": 5}
    assert setup["visibilityTimeout"] >= 6 * timeout_seconds


def scheduled_rules(aws_client, function: str) -> dict[str, str]:
    """The rules that invoke the function: the function each names (its name's end), and when.

    Zappa prefixes a rule's name with the function's, or with a hash of it where the name would
    pass 64 characters (``eventsite-production-eventsite.tasks.lambda_handlers.purge_expired``).
    """
    events = aws_client("events")
    function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{function}"
    names = events.list_rule_names_by_target(TargetArn=function_arn)["RuleNames"]
    rules = [events.describe_rule(Name=name) for name in names]
    return {rule["Name"].split("-")[-1]: rule["ScheduleExpression"] for rule in rules}


SCHEDULE = {
    "eventsite.tasks.lambda_handlers.purge_expired": "rate(1 day)",
    "events.tasks.send_due_reminders": "rate(15 minutes)",
    "events.tasks.send_organizer_digests": "cron(0 7 * * ? *)",
    "eventsite.backups.lambda_handlers.backup_to_s3": "cron(30 2 * * ? *)",
}


def test_zappa_deploys_reports_updates_and_undeploys_the_dev_stage(zappa, aws_client, lambda_calls_log):
    lambda_client, apigateway = aws_client("lambda"), aws_client("apigateway")

    deployed = zappa("deploy", "dev")

    assert "Deployment complete!" in deployed.stdout
    (created,) = lambda_calls(lambda_calls_log, "CreateFunction")
    assert created["SnapStart"] == {"ApplyOn": "None"}
    assert created["TracingConfig"] == {"Mode": "PassThrough"}
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
        "BACKUP_BUCKET": "eventsite-backups-dev",
        "METRICS_STAGE": "dev",
    }
    (api,) = [api for api in apigateway.get_rest_apis()["items"] if api["name"] == "eventsite-dev"]
    resources = {item["path"]: item for item in apigateway.get_resources(restApiId=api["id"])["items"]}
    assert {"/", "/{proxy+}"} <= set(resources)
    assert "ANY" in resources["/{proxy+}"]["resourceMethods"]
    assert [stage["stageName"] for stage in apigateway.get_stages(restApiId=api["id"])["item"]] == ["dev"]
    # The ``post`` callback (eventsite/lambda_build/stage_throttling.py) throttles every method of the stage.
    assert stage_throttling(apigateway, api["id"]) == (50.0, 100)
    assert stage_tracing(apigateway, api["id"], "dev") is False
    # The ``post`` callback (eventsite/lambda_build/task_queues.py) created the queues after
    # Zappa's scheduling had failed to map the missing queue, and had it map them.
    assert_task_queue_is_mapped(aws_client, "eventsite-dev")
    assert scheduled_rules(aws_client, "eventsite-dev") == SCHEDULE
    monitoring = stage_settings("dev")["eventsite_monitoring"]
    assert_stage_is_monitored(aws_client, "eventsite-dev", "dev", monitoring)

    status = zappa("status", "dev")
    assert "python3.12" in status.stdout
    assert f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/dev" in status.stdout

    assert proxy_integration_uri(apigateway, "eventsite-dev").endswith(":function:eventsite-dev/invocations")

    zappa("update", "dev")
    updated = lambda_client.get_function_configuration(FunctionName="eventsite-dev")
    assert updated["CodeSha256"] != function["CodeSha256"]
    assert stage_throttling(apigateway, api["id"]) == (50.0, 100)
    assert_task_queue_is_mapped(aws_client, "eventsite-dev")
    assert scheduled_rules(aws_client, "eventsite-dev") == SCHEDULE
    (configured,) = lambda_calls(lambda_calls_log, "UpdateFunctionConfiguration")
    assert configured["TracingConfig"] == {"Mode": "PassThrough"}
    assert_stage_is_monitored(aws_client, "eventsite-dev", "dev", monitoring)

    zappa("undeploy", "dev", "--yes", "--remove-logs")
    assert "eventsite-dev" not in [f["FunctionName"] for f in lambda_client.list_functions()["Functions"]]
    # Zappa removes the API by deleting its CloudFormation stack (moto keeps the RestApi record).
    stacks = aws_client("cloudformation").list_stacks()["StackSummaries"]
    assert {s["StackStatus"] for s in stacks if s["StackName"] == "eventsite-dev"} == {"DELETE_COMPLETE"}


def rebuilt(package: Path, target: Path, build: int) -> Path:
    """The package with one extra file, so each update uploads code Lambda has not seen."""
    shutil.copyfile(package, target)
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("build.txt", str(build))
    return target


def published_versions(lambda_client, function: str) -> list[str]:
    versions = lambda_client.list_versions_by_function(FunctionName=function)["Versions"]
    return sorted((v["Version"] for v in versions if v["Version"] != "$LATEST"), key=int)


@pytest.mark.own_moto
def test_production_deploys_behind_the_snapstart_alias_and_each_update_moves_it(
    zappa, aws_client, lambda_calls_log, lambda_package, tmp_path
):
    """From the session's package (``--zip``): Zappa then skips role management, so the role is made here.

    On its own moto: moto numbers a new version after the count of those left, so once Zappa has
    pruned some it reuses a number, and deleting the function then fails inside moto; this test
    cannot undeploy, and ``test_deploy_stages.py`` deploys and undeploys production on the shared one.
    """
    lambda_client, apigateway = aws_client("lambda"), aws_client("apigateway")
    aws_client("iam").create_role(
        RoleName="eventsite-production-ZappaLambdaExecutionRole",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )
    retained = stage_settings("production")["num_retained_versions"]

    deployed = zappa("deploy", "production", "--zip", str(lambda_package))

    assert "Deployment complete!" in deployed.stdout
    (created,) = lambda_calls(lambda_calls_log, "CreateFunction")
    assert created["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert created["TracingConfig"] == {"Mode": "Active"}
    assert created["Publish"] is True
    assert created["Environment"]["Variables"]["INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT"] == "true"
    alias = lambda_client.get_alias(FunctionName="eventsite-production", Name="snapstart")
    assert alias["FunctionVersion"] == published_versions(lambda_client, "eventsite-production")[-1]
    assert proxy_integration_uri(apigateway, "eventsite-production").endswith(
        ":function:eventsite-production:snapstart/invocations"
    )
    # The schedule and no keep-warm rule: it pings the unqualified function ($LATEST), never a snapshot.
    assert scheduled_rules(aws_client, "eventsite-production") == SCHEDULE
    assert_task_queue_is_mapped(aws_client, "eventsite-production")

    for build in (1, 2):
        zappa("update", "production", "--zip", str(rebuilt(lambda_package, tmp_path / f"{build}.zip", build)))

        (configured,) = lambda_calls(lambda_calls_log, "UpdateFunctionConfiguration")
        assert configured["SnapStart"] == {"ApplyOn": "PublishedVersions"}
        assert configured["TracingConfig"] == {"Mode": "Active"}
        versions = published_versions(lambda_client, "eventsite-production")
        alias = lambda_client.get_alias(FunctionName="eventsite-production", Name="snapstart")
        assert alias["FunctionVersion"] == versions[-1] != "1"
        assert proxy_integration_uri(apigateway, "eventsite-production").endswith(":snapstart/invocations")
    # Pruning runs before each update's last publish, so one version more than retained remains.
    assert len(versions) == retained + 1
    api_id = api_id_of(apigateway, "eventsite-production")
    assert stage_throttling(apigateway, api_id, "production") == (200.0, 400)
    assert stage_tracing(apigateway, api_id, "production") is True
