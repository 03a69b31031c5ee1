"""The deploy step's check of the ARN a stage maps (``eventsite/lambda_build/task_queues.py``)."""

import pytest

from eventsite.lambda_build.task_queues import CONSUMER, DeployStepFailed, configured_arn

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:eventsite-dev-tasks"


def consumer_event(arn: str) -> dict:
    return {"function": CONSUMER, "event_source": {"arn": arn, "batch_size": 10}}


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
