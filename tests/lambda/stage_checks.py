"""A stage's settings as Zappa resolves them, and what a deploy left for its monitoring on moto."""

from __future__ import annotations

import json

from .lambda_runtime import PROJECT_DIR

WATCHED = {
    "api-5xx-rate": ("AWS/ApiGateway", "5XXError"),
    "api-p99-latency": ("AWS/ApiGateway", "Latency"),
    "lambda-errors": ("AWS/Lambda", "Errors"),
    "lambda-throttles": ("AWS/Lambda", "Throttles"),
    "dead-letter-queue": ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
}


def stage_settings(stage: str) -> dict:
    """The stage's keys over those of the stage it ``extends``, key by key, as Zappa merges them."""
    stages = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())
    settings = dict(stages[stage])
    parent = settings.get("extends")
    return {**stage_settings(parent), **settings} if parent else settings


def stage_alarms(aws_client, function: str) -> dict[str, dict]:
    """The function's alarms by their name's end (``lambda-errors``)."""
    alarms = aws_client("cloudwatch").describe_alarms(AlarmNamePrefix=f"{function}-")["MetricAlarms"]
    return {alarm["AlarmName"].removeprefix(f"{function}-"): alarm for alarm in alarms}


def alarm_threshold(alarm: dict) -> tuple:
    """(statistic, comparison, threshold) as CloudWatch keeps them."""
    statistic = alarm.get("ExtendedStatistic") or alarm["Statistic"]
    return statistic, alarm["ComparisonOperator"], alarm["Threshold"]


def assert_stage_is_monitored(aws_client, function: str, stage: str, monitoring: dict) -> None:
    """Five alarms on the stage's metrics notify its topic; the dashboard graphs the same metrics."""
    alarms = stage_alarms(aws_client, function)
    assert set(alarms) == set(WATCHED)
    topic_arn = f"arn:aws:sns:us-east-1:123456789012:{function}-alarms"
    dimensions = {
        "api-5xx-rate": [{"Name": "ApiName", "Value": function}, {"Name": "Stage", "Value": stage}],
        "api-p99-latency": [{"Name": "ApiName", "Value": function}, {"Name": "Stage", "Value": stage}],
        "lambda-errors": [{"Name": "FunctionName", "Value": function}],
        "lambda-throttles": [{"Name": "FunctionName", "Value": function}],
        "dead-letter-queue": [{"Name": "QueueName", "Value": f"{function}-tasks-dlq"}],
    }
    for suffix, alarm in alarms.items():
        assert (alarm["Namespace"], alarm["MetricName"]) == WATCHED[suffix]
        assert alarm["Dimensions"] == dimensions[suffix]
        assert alarm["AlarmActions"] == alarm["OKActions"] == [topic_arn]
        assert alarm["Period"] == monitoring["period_seconds"]
        assert alarm["EvaluationPeriods"] == monitoring["evaluation_periods"]
        assert alarm["TreatMissingData"] == "notBreaching"
    assert alarm_threshold(alarms["api-5xx-rate"]) == (
        "Average",
        "GreaterThanThreshold",
        monitoring["server_error_rate_percent"] / 100,
    )
    assert alarm_threshold(alarms["api-p99-latency"]) == (
        "p99",
        "GreaterThanThreshold",
        monitoring["p99_latency_ms"],
    )
    at_least = "GreaterThanOrEqualToThreshold"
    assert alarm_threshold(alarms["lambda-errors"]) == ("Sum", at_least, monitoring["lambda_errors"])
    assert alarm_threshold(alarms["lambda-throttles"]) == ("Sum", at_least, monitoring["lambda_throttles"])
    assert alarm_threshold(alarms["dead-letter-queue"]) == (
        "Maximum",
        at_least,
        monitoring["dead_letter_messages"],
    )

    subscriptions = aws_client("sns").list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    expected = [monitoring["alarm_email"]] if monitoring["alarm_email"] else []
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions] == [("email", e) for e in expected]

    body = json.loads(aws_client("cloudwatch").get_dashboard(DashboardName=function)["DashboardBody"])
    graphs = [w["properties"] for w in body["widgets"] if w["type"] == "metric"]
    assert sorted(tuple(g["metrics"][0][:2]) for g in graphs) == sorted(WATCHED.values())
    thresholds = {g["metrics"][0][1]: g["annotations"]["horizontal"][0]["value"] for g in graphs}
    assert thresholds["Latency"] == monitoring["p99_latency_ms"]
    (states,) = [w["properties"] for w in body["widgets"] if w["type"] == "alarm"]
    assert sorted(states["alarms"]) == sorted(alarm["AlarmArn"] for alarm in alarms.values())
