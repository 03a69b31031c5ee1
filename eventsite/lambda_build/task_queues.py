"""The task queue and its dead-letter queue, created or updated on every ``zappa deploy``/``update``.

Zappa 0.63 creates no queue: its SQS ``event_source`` (``arn``, ``batch_size``, ``batch_window``,
``enabled``) only maps an existing queue to the function, during ``schedule()``, which runs
before the ``post`` callback and only logs a mapping it could not create. So the ``post``
callback (``post_deploy.py``) calls :func:`ensure_task_queues`: it creates ``<function>-tasks``
and ``<function>-tasks-dlq`` (or updates their attributes), checks that the stage's event
source names that queue, and, when the mapping is missing (the first deploy, whose ``schedule()``
ran before the queue existed), runs Zappa's own ``schedule()`` again, then fails unless the
mapping exists. It also turns on partial batch responses (``ReportBatchItemFailures``), which
Zappa cannot set, so that only the failed messages of a batch are received again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

CONSUMER = "eventsite.tasks.lambda_handlers.consume"
MAX_RECEIVE_COUNT = 5
# SQS's recommendation for a Lambda event source: at least six times the function's timeout.
VISIBILITY_TIMEOUT_FACTOR = 6
DLQ_RETENTION_SECONDS = 14 * 24 * 3600
PARTIAL_BATCH_RESPONSES = ["ReportBatchItemFailures"]


class DeployStepFailed(Exception):
    """The deploy cannot go on; the message says what to change."""


@dataclass(frozen=True)
class TaskQueues:
    url: str
    arn: str
    dlq_url: str
    dlq_arn: str


def queue_name(function_name: str) -> str:
    """The task queue of a function: ``eventsite-dev`` has ``eventsite-dev-tasks`` (the app's default)."""
    return f"{function_name}-tasks"


def _ensure_queue(sqs, name: str, attributes: dict[str, str]) -> tuple[str, str]:
    """Create the queue or, if it exists, set its attributes; returns (URL, ARN)."""
    try:
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    except sqs.exceptions.QueueDoesNotExist:
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    else:
        sqs.set_queue_attributes(QueueUrl=url, Attributes=attributes)
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def ensure_queues(sqs, *, name: str, function_timeout: int) -> TaskQueues:
    """The queue ``name`` and ``<name>-dlq``: redrive after ``MAX_RECEIVE_COUNT`` receives."""
    dlq_url, dlq_arn = _ensure_queue(
        sqs, f"{name}-dlq", {"MessageRetentionPeriod": str(DLQ_RETENTION_SECONDS)}
    )
    redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": MAX_RECEIVE_COUNT}
    url, arn = _ensure_queue(
        sqs,
        name,
        {
            "VisibilityTimeout": str(VISIBILITY_TIMEOUT_FACTOR * function_timeout),
            "RedrivePolicy": json.dumps(redrive),
        },
    )
    return TaskQueues(url=url, arn=arn, dlq_url=dlq_url, dlq_arn=dlq_arn)


def configured_arn(stage: str, events: list[dict], expected_arn: str) -> str:
    """The ARN of the stage's SQS event source for the consumer; it must be the task queue's."""
    sources = [
        e["event_source"]["arn"] for e in events if e.get("function") == CONSUMER and e.get("event_source")
    ]
    fix = (
        f'set "events" of stage {stage} in zappa_settings.json to include '
        f'{{"function": "{CONSUMER}", "event_source": {{"arn": "{expected_arn}", "batch_size": 10}}}}'
    )
    if len(sources) != 1:
        raise DeployStepFailed(f"stage {stage} needs exactly one SQS event source for {CONSUMER}: {fix}")
    if sources[0] != expected_arn:
        raise DeployStepFailed(
            f"the task queue of stage {stage} is {expected_arn}, but zappa_settings.json maps "
            f"{sources[0]}: set that event_source arn to {expected_arn} (your account id and region), "
            "then run zappa update"
        )
    return sources[0]


def mappings(lambda_client, function_arn: str, queue_arn: str) -> list[dict]:
    """The mappings from the queue to the function, looked up by ARN as Zappa creates them."""
    return lambda_client.list_event_source_mappings(FunctionName=function_arn, EventSourceArn=queue_arn)[
        "EventSourceMappings"
    ]


def ensure_task_queues(cli) -> TaskQueues:
    """The post-deploy step: queues, the configured ARN checked, the mapping made sure of."""
    zappa = cli.zappa
    sqs = zappa.boto_session.client("sqs")
    queues = ensure_queues(sqs, name=queue_name(cli.lambda_name), function_timeout=cli.timeout_seconds)
    configured_arn(cli.api_stage, cli.stage_config.get("events", []), queues.arn)
    print(f"eventsite: task queue {queues.arn}, dead-letter queue {queues.dlq_arn}")
    function = zappa.lambda_client.get_function(FunctionName=cli.lambda_name)
    function_arn = function["Configuration"]["FunctionArn"]
    found = mappings(zappa.lambda_client, function_arn, queues.arn)
    if not found:
        print("eventsite: the task queue is new, so Zappa's scheduling runs again to map it")
        cli.schedule()
        found = mappings(zappa.lambda_client, function_arn, queues.arn)
    if not found:
        raise DeployStepFailed(
            f"no event source mapping from {queues.arn} to {cli.lambda_name}: see the Zappa output above"
        )
    for mapping in found:
        if mapping.get("FunctionResponseTypes") != PARTIAL_BATCH_RESPONSES:
            zappa.lambda_client.update_event_source_mapping(
                UUID=mapping["UUID"], FunctionResponseTypes=PARTIAL_BATCH_RESPONSES
            )
    return queues
