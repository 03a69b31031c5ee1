"""CloudWatch alarms for a stage, their SNS topic and a dashboard, made by the ``post`` callback.

Every ``zappa deploy`` and ``update`` puts the same named alarms, topic and dashboard again
(``put_metric_alarm``, ``create_topic`` and ``put_dashboard`` replace what exists), so a changed
threshold takes effect on the next ``update``. The thresholds are the stage's
``eventsite_monitoring`` block of ``zappa_settings.json`` over :class:`Monitoring`'s defaults;
an unknown key or a value that is not a positive number fails the deploy. The alarms watch:

- API Gateway's 5xx rate (the ``Average`` of ``5XXError``, which is 0 or 1 per request) and p99
  ``Latency`` of the stage;
- the function's ``Errors`` and ``Throttles`` (all versions and aliases);
- the messages waiting in the task queue's dead-letter queue (``task_queues.py``).

Each notifies the topic ``<function>-alarms`` when it fires and when it clears; ``alarm_email``
is subscribed to it (AWS sends a confirmation email first). This module is excluded from the
package itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

from eventsite.lambda_build.task_queues import DeployStepFailed

SETTINGS_KEY = "eventsite_monitoring"
DASHBOARD_COLUMNS = 2


@dataclass(frozen=True)
class Monitoring:
    """One stage's thresholds: an alarm fires when its metric passes one for ``evaluation_periods``."""

    alarm_email: str = ""
    server_error_rate_percent: float = 5.0
    p99_latency_ms: float = 5000.0
    lambda_errors: int = 5
    lambda_throttles: int = 1
    dead_letter_messages: int = 1
    period_seconds: int = 300
    evaluation_periods: int = 1


def monitoring_settings(stage: str, stage_config: dict) -> Monitoring:
    """The stage's block read over the defaults, checked."""
    given = stage_config.get(SETTINGS_KEY) or {}
    known = {f.name: f for f in fields(Monitoring)}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise DeployStepFailed(
            f"unknown keys {unknown} in {SETTINGS_KEY} of stage {stage}: use {sorted(known)}"
        )
    for key, value in given.items():
        if key == "alarm_email":
            if not isinstance(value, str):
                raise DeployStepFailed(f"{SETTINGS_KEY}.alarm_email of stage {stage} must be a string")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise DeployStepFailed(f"{SETTINGS_KEY}.{key} of stage {stage} must be a positive number")
    return Monitoring(**given)


@dataclass(frozen=True)
class Watch:
    """One metric with its alarm and its dashboard widget."""

    suffix: str
    title: str
    namespace: str
    metric: str
    dimensions: tuple[tuple[str, str], ...]
    statistic: str
    threshold: float
    comparison: str
    description: str

    def metric_row(self) -> list:
        """The metric as a dashboard widget names it."""
        row: list = [self.namespace, self.metric]
        for name, value in self.dimensions:
            row += [name, value]
        return [*row, {"stat": self.statistic}]


def watches(
    *, function_name: str, api_stage: str, dlq_name: str, api: bool, monitoring: Monitoring
) -> list[Watch]:
    """What a stage's alarms watch; without API Gateway, the function and the queue only."""
    at_least = "GreaterThanOrEqualToThreshold"
    function = (("FunctionName", function_name),)
    found: list[Watch] = []
    if api:
        stage = (("ApiName", function_name), ("Stage", api_stage))
        found += [
            Watch(
                "api-5xx-rate",
                "API 5xx rate",
                "AWS/ApiGateway",
                "5XXError",
                stage,
                "Average",
                monitoring.server_error_rate_percent / 100,
                "GreaterThanThreshold",
                f"More than {monitoring.server_error_rate_percent}% of the API's answers are 5xx errors.",
            ),
            Watch(
                "api-p99-latency",
                "API p99 latency (ms)",
                "AWS/ApiGateway",
                "Latency",
                stage,
                "p99",
                monitoring.p99_latency_ms,
                "GreaterThanThreshold",
                f"The slowest 1% of the API's answers take more than {monitoring.p99_latency_ms} ms.",
            ),
        ]
    found += [
        Watch(
            "lambda-errors",
            "Function errors",
            "AWS/Lambda",
            "Errors",
            function,
            "Sum",
            monitoring.lambda_errors,
            at_least,
            f"The function failed {monitoring.lambda_errors} or more times (see zappa tail).",
        ),
        Watch(
            "lambda-throttles",
            "Function throttles",
            "AWS/Lambda",
            "Throttles",
            function,
            "Sum",
            monitoring.lambda_throttles,
            at_least,
            "Lambda refused invocations: the account's or the function's concurrency is exhausted.",
        ),
        Watch(
            "dead-letter-queue",
            "Dead-letter queue messages",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            (("QueueName", dlq_name),),
            "Maximum",
            monitoring.dead_letter_messages,
            at_least,
            f"Tasks failed 5 times and wait in {dlq_name} (see the Deploy section of the README).",
        ),
    ]
    return found


def alarm_name(function_name: str, watch: Watch) -> str:
    return f"{function_name}-{watch.suffix}"


def alarm_parameters(*, function_name: str, watch: Watch, monitoring: Monitoring, topic_arn: str) -> dict:
    """The ``put_metric_alarm`` call for one watch."""
    statistic = (
        {"ExtendedStatistic": watch.statistic}
        if watch.statistic.startswith("p")
        else {"Statistic": watch.statistic}
    )
    return {
        "AlarmName": alarm_name(function_name, watch),
        "AlarmDescription": watch.description,
        "Namespace": watch.namespace,
        "MetricName": watch.metric,
        "Dimensions": [{"Name": name, "Value": value} for name, value in watch.dimensions],
        **statistic,
        "Period": monitoring.period_seconds,
        "EvaluationPeriods": monitoring.evaluation_periods,
        "Threshold": float(watch.threshold),
        "ComparisonOperator": watch.comparison,
        "TreatMissingData": "notBreaching",
        "ActionsEnabled": True,
        "AlarmActions": [topic_arn],
        "OKActions": [topic_arn],
    }


def dashboard_body(*, region: str, watched: list[Watch], alarm_arns: list[str], period: int) -> str:
    """A graph per watch with its threshold drawn in, then the alarms' states."""
    width, height = 24 // DASHBOARD_COLUMNS, 6
    widgets = [
        {
            "type": "metric",
            "x": (index % DASHBOARD_COLUMNS) * width,
            "y": (index // DASHBOARD_COLUMNS) * height,
            "width": width,
            "height": height,
            "properties": {
                "title": watch.title,
                "region": region,
                "view": "timeSeries",
                "period": period,
                "metrics": [watch.metric_row()],
                "annotations": {"horizontal": [{"label": "alarm threshold", "value": watch.threshold}]},
            },
        }
        for index, watch in enumerate(watched)
    ]
    rows = -(-len(watched) // DASHBOARD_COLUMNS)
    widgets.append(
        {
            "type": "alarm",
            "x": 0,
            "y": rows * height,
            "width": 24,
            "height": 3,
            "properties": {"title": "Alarms", "alarms": alarm_arns},
        }
    )
    return json.dumps({"widgets": widgets})


def ensure_topic(sns, *, name: str, email: str) -> str:
    """The alarms' topic with ``email`` subscribed; other confirmed email subscriptions are removed."""
    topic_arn = sns.create_topic(Name=name)["TopicArn"]
    subscriptions = []
    paginator = sns.get_paginator("list_subscriptions_by_topic")
    for page in paginator.paginate(TopicArn=topic_arn):
        subscriptions += [s for s in page["Subscriptions"] if s["Protocol"] == "email"]
    for subscription in subscriptions:
        confirmed = subscription["SubscriptionArn"].startswith("arn:")
        if subscription["Endpoint"] != email and confirmed:
            sns.unsubscribe(SubscriptionArn=subscription["SubscriptionArn"])
    if email and email not in [s["Endpoint"] for s in subscriptions]:
        sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint=email)
        print(f"eventsite: {email} must confirm the subscription to {name} from the email AWS sent")
    return topic_arn


def ensure_monitoring(
    client,
    *,
    region: str,
    function_name: str,
    api_stage: str,
    dlq_name: str,
    api: bool,
    monitoring: Monitoring,
) -> list[str]:
    """Topic, alarms and dashboard of a function; ``client(service)`` makes boto3 clients."""
    sns, cloudwatch = client("sns"), client("cloudwatch")
    topic_arn = ensure_topic(sns, name=f"{function_name}-alarms", email=monitoring.alarm_email)
    watched = watches(
        function_name=function_name, api_stage=api_stage, dlq_name=dlq_name, api=api, monitoring=monitoring
    )
    names = []
    for watch in watched:
        parameters = alarm_parameters(
            function_name=function_name, watch=watch, monitoring=monitoring, topic_arn=topic_arn
        )
        cloudwatch.put_metric_alarm(**parameters)
        names.append(parameters["AlarmName"])
    alarm_arns = [a["AlarmArn"] for a in cloudwatch.describe_alarms(AlarmNames=names)["MetricAlarms"]]
    cloudwatch.put_dashboard(
        DashboardName=function_name,
        DashboardBody=dashboard_body(
            region=region,
            watched=watched,
            alarm_arns=sorted(alarm_arns),
            period=monitoring.period_seconds,
        ),
    )
    print(f"eventsite: alarms {', '.join(names)} notify {topic_arn}; dashboard {function_name}")
    return names


def ensure_stage_monitoring(cli, *, dlq_name: str) -> list[str]:
    """The post-deploy step for the stage Zappa deployed."""
    session = cli.zappa.boto_session
    return ensure_monitoring(
        session.client,
        region=session.region_name,
        function_name=cli.lambda_name,
        api_stage=cli.api_stage,
        dlq_name=dlq_name,
        api=bool(cli.stage_config.get("apigateway_enabled", True)),
        monitoring=monitoring_settings(cli.api_stage, cli.stage_config),
    )
