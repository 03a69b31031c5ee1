"""The deploy step's reading of a stage's thresholds (``eventsite/lambda_build/alarms.py``)."""

import json

import pytest

from eventsite.lambda_build.alarms import Monitoring, dashboard_body, monitoring_settings, watches
from eventsite.lambda_build.task_queues import DeployStepFailed


def test_a_stage_without_thresholds_gets_the_defaults():
    assert monitoring_settings("dev", {}) == Monitoring()


def test_a_stage_sets_only_the_thresholds_it_names():
    monitoring = monitoring_settings("dev", {"eventsite_monitoring": {"p99_latency_ms": 800}})

    assert monitoring.p99_latency_ms == 800
    assert monitoring.lambda_errors == Monitoring().lambda_errors


def test_an_unknown_threshold_stops_the_deploy_naming_the_known_ones():
    with pytest.raises(DeployStepFailed, match=r"unknown keys \['p95_latency_ms'\] in eventsite_monitoring"):
        monitoring_settings("dev", {"eventsite_monitoring": {"p95_latency_ms": 800}})


@pytest.mark.parametrize("value", [0, -1, "5", True, None])
def test_a_threshold_that_is_not_a_positive_number_stops_the_deploy(value):
    with pytest.raises(DeployStepFailed, match="lambda_errors of stage staging must be a positive number"):
        monitoring_settings("staging", {"eventsite_monitoring": {"lambda_errors": value}})


def test_the_alarm_email_must_be_a_string():
    with pytest.raises(DeployStepFailed, match="alarm_email of stage dev must be a string"):
        monitoring_settings("dev", {"eventsite_monitoring": {"alarm_email": ["ops@example.com"]}})


def test_the_dashboard_graphs_every_watched_metric_with_its_threshold():
    watched = watches(
        function_name="eventsite-dev",
        api_stage="dev",
        dlq_name="eventsite-dev-tasks-dlq",
        api=True,
        monitoring=Monitoring(server_error_rate_percent=2),
    )

    body = json.loads(dashboard_body(region="us-east-1", watched=watched, alarm_arns=[], period=300))

    graphs = [w["properties"] for w in body["widgets"] if w["type"] == "metric"]
    assert [g["metrics"][0][:2] for g in graphs] == [[w.namespace, w.metric] for w in watched]
    assert graphs[0]["metrics"][0] == [
        "AWS/ApiGateway",
        "5XXError",
        "ApiName",
        "eventsite-dev",
        "Stage",
        "dev",
        {"stat": "Average"},
    ]
    assert graphs[0]["annotations"]["horizontal"][0]["value"] == 0.02
