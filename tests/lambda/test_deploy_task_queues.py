"""The deploy step's queues (``eventsite/lambda_build/task_queues.py``), against moto, and its checks."""

from __future__ import annotations

import json
import uuid

import pytest

from eventsite.lambda_build.task_queues import CONSUMER, DeployStepFailed, configured_arn, ensure_queues

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:eventsite-dev-tasks"


def consumer_event(arn: str) -> dict:
    return {"function": CONSUMER, "event_source": {"arn": arn, "batch_size": 10}}


@pytest.mark.slow
def test_a_second_run_updates_the_queues_in_place(aws_client):
    sqs = aws_client("sqs")
    name = f"eventsite-idempotent-{uuid.uuid4().hex[:8]}-tasks"

    first = ensure_queues(sqs, name=name, function_timeout=30)
    second = ensure_queues(sqs, name=name, function_timeout=60)

    assert second == first
    attributes = sqs.get_queue_attributes(QueueUrl=second.url, AttributeNames=["All"])["Attributes"]
    assert attributes["VisibilityTimeout"] == "360"
    assert json.loads(attributes["RedrivePolicy"]) == {
        "deadLetterTargetArn": first.dlq_arn,
        "maxReceiveCount": 5,
    }
    dlq = sqs.get_queue_attributes(QueueUrl=first.dlq_url, AttributeNames=["MessageRetentionPeriod"])
    assert dlq["Attributes"]["MessageRetentionPeriod"] == str(14 * 24 * 3600)
    assert sorted(sqs.list_queues(QueueNamePrefix=name)["QueueUrls"]) == sorted([first.url, first.dlq_url])


def test_the_configured_arn_must_be_the_created_queues():
    events = [consumer_event(QUEUE_ARN), {"function": "x.y", "expression": "rate(1 day)"}]

    assert configured_arn("dev", events, QUEUE_ARN) == QUEUE_ARN


def test_an_arn_with_another_account_stops_the_deploy_saying_what_to_set():
    other_account = QUEUE_ARN.replace("123456789012", "210987654321")

    with pytest.raises(DeployStepFailed) as refused:
        configured_arn("dev", [consumer_event(QUEUE_ARN)], other_account)

    assert str(refused.value) == (
        f"the task queue of stage dev is {other_account}, but zappa_settings.json maps {QUEUE_ARN}: "
        f"set that event_source arn to {other_account} (your account id and region), then run zappa update"
    )


def test_a_stage_without_the_consumer_event_stops_the_deploy():
    with pytest.raises(DeployStepFailed, match=f"needs exactly one SQS event source for {CONSUMER}"):
        configured_arn("production", [{"function": "x.y", "expression": "rate(1 day)"}], QUEUE_ARN)
