"""The deploy step's alarms, topic and dashboard (``eventsite/lambda_build/alarms.py``), against moto."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from eventsite.lambda_build.alarms import Monitoring, ensure_monitoring

from .stage_checks import assert_stage_is_monitored, stage_alarms

pytestmark = pytest.mark.slow


def monitor(aws_client, function: str, monitoring: Monitoring, *, api: bool = True) -> list[str]:
    return ensure_monitoring(
        aws_client,
        region="us-east-1",
        function_name=function,
        api_stage="dev",
        dlq_name=f"{function}-tasks-dlq",
        api=api,
        monitoring=monitoring,
    )


def test_a_second_run_updates_the_alarms_the_subscription_and_the_dashboard_in_place(aws_client):
    function = f"eventsite-alarms-{uuid.uuid4().hex[:8]}"
    first = Monitoring(alarm_email="ops@example.com")
    second = dataclasses.replace(first, alarm_email="oncall@example.com", p99_latency_ms=2500.0)

    names = monitor(aws_client, function, first)
    assert monitor(aws_client, function, second) == names

    assert_stage_is_monitored(aws_client, function, "dev", dataclasses.asdict(second))
    topics = [t["TopicArn"] for t in aws_client("sns").list_topics()["Topics"]]
    assert topics.count(f"arn:aws:sns:us-east-1:123456789012:{function}-alarms") == 1


def test_a_stage_without_api_gateway_has_no_api_alarms(aws_client):
    function = f"eventsite-alarms-{uuid.uuid4().hex[:8]}"

    monitor(aws_client, function, Monitoring(), api=False)

    assert set(stage_alarms(aws_client, function)) == {
        "lambda-errors",
        "lambda-throttles",
        "dead-letter-queue",
    }
