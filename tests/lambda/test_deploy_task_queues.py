"""The deploy step's queues (``eventsite/lambda_build/task_queues.py``), against moto."""

from __future__ import annotations

import json
import uuid

import pytest

from eventsite.lambda_build.task_queues import ensure_queues

pytestmark = pytest.mark.slow


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
