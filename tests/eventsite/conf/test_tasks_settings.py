"""``TASKS_*``: which back end runs background tasks, checked at start-up in fresh processes."""

import json

import pytest

from tests.eventsite.conf.settings_process import PRODUCTION, run

PRINT_TASKS = """
import json, django
django.setup()
from django.conf import settings
from eventsite.tasks import backends
print(json.dumps({"backend": type(backends.current()).__name__, "queueUrl": settings.TASKS_QUEUE_URL,
                  "queueName": settings.TASKS_QUEUE_NAME}))
"""
# Nothing listens there: start-up must not need the queue (it is asked for on the first enqueue).
UNREACHABLE_SQS = {"TASKS_SQS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_DEFAULT_REGION": "us-east-1"}
ON_LAMBDA = {**PRODUCTION, **UNREACHABLE_SQS, "AWS_LAMBDA_FUNCTION_NAME": "eventsite-dev"}


def tasks_settings(tmp_path, **env: str) -> dict:
    result = run(["-c", PRINT_TASKS], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def one_line_refusal(tmp_path, **env: str) -> str:
    result = run(["manage.py", "check"], tmp_path, **env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("eventsite: ")
    return lines[0]


def test_locally_tasks_run_inline_without_any_variables(tmp_path):
    assert tasks_settings(tmp_path)["backend"] == "InlineBackend"


def test_on_lambda_the_queue_is_the_functions_own_and_nothing_is_asked_of_sqs_at_start(tmp_path):
    assert tasks_settings(tmp_path, **ON_LAMBDA) == {
        "backend": "SqsBackend",
        "queueUrl": "",
        "queueName": "eventsite-dev-tasks",
    }


def test_an_explicit_queue_url_is_used_as_it_is(tmp_path):
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/other-tasks"

    assert tasks_settings(tmp_path, **ON_LAMBDA, TASKS_QUEUE_URL=url)["queueUrl"] == url


@pytest.mark.parametrize("backend", ["inline", "sync"])
def test_on_lambda_only_sqs_is_accepted(tmp_path, backend):
    line = one_line_refusal(tmp_path, **ON_LAMBDA, TASKS_BACKEND=backend)

    assert "TASKS_BACKEND must be sqs on AWS Lambda" in line


def test_an_unknown_backend_stops_start_up_with_one_line(tmp_path):
    line = one_line_refusal(tmp_path, TASKS_BACKEND="celery")

    assert "TASKS_BACKEND" in line
    assert "celery" in line


def test_sqs_off_lambda_needs_a_queue_url_or_name(tmp_path):
    line = one_line_refusal(tmp_path, TASKS_BACKEND="sqs")

    assert "TASKS_QUEUE_URL or TASKS_QUEUE_NAME" in line


def test_sqs_off_lambda_starts_with_a_queue_name(tmp_path):
    settings = tasks_settings(
        tmp_path, **UNREACHABLE_SQS, TASKS_BACKEND="sqs", TASKS_QUEUE_NAME="local-tasks"
    )

    assert (settings["backend"], settings["queueName"]) == ("SqsBackend", "local-tasks")
