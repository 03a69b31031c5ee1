"""zappa_settings.json as Zappa reads it: plain JSON, where a repeated key silently wins."""

import json
from pathlib import Path

import pytest

from eventsite.lambda_build.alarms import Monitoring, monitoring_settings

SETTINGS = Path(__file__).resolve().parents[3] / "zappa_settings.json"


def refuse_repeated_keys(pairs):
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"zappa_settings.json repeats {repeated} in one object: the last one wins")
    return dict(pairs)


@pytest.fixture(scope="module")
def stages() -> dict:
    return json.loads(SETTINGS.read_text(), object_pairs_hook=refuse_repeated_keys)


def test_no_object_of_the_zappa_settings_repeats_a_key(stages):
    assert {"dev", "staging", "production"} <= set(stages)


def resolved(stages: dict, stage: str) -> dict:
    """The stage's keys over those of the stage it ``extends``, as Zappa merges them."""
    settings = stages[stage]
    parent = settings.get("extends")
    return {**resolved(stages, parent), **settings} if parent else dict(settings)


# What staging may set apart from production: its own names, and lower limits.
STAGING_OWN = {"extends", "s3_bucket", "domain", "aws_environment_variables", "apigateway_throttling"}
STAGING_OWN |= {"events", "eventsite_monitoring"}


def test_staging_mirrors_production_but_for_its_names_and_lower_limits(stages):
    production, staging = resolved(stages, "production"), resolved(stages, "staging")

    assert {
        key for key in production.keys() | staging.keys() if production.get(key) != staging.get(key)
    } == STAGING_OWN
    assert staging["aws_environment_variables"] == {
        **production["aws_environment_variables"],
        "DJANGO_SECRETS_ARN": "eventsite/staging",
        "BACKUP_BUCKET": "eventsite-backups-staging",
        "METRICS_STAGE": "staging",
    }
    for limit in ("rate_limit", "burst_limit"):
        assert staging["apigateway_throttling"][limit] < production["apigateway_throttling"][limit]
    assert staging["events"] == json.loads(json.dumps(production["events"]).replace("production", "staging"))


@pytest.mark.parametrize("stage", ["dev", "staging", "production"])
def test_every_stage_has_its_own_secret_bucket_domain_and_valid_thresholds(stages, stage):
    settings = resolved(stages, stage)

    assert settings["aws_environment_variables"]["DJANGO_SECRETS_ARN"] == f"eventsite/{stage}"
    assert settings["aws_environment_variables"]["BACKUP_BUCKET"] == f"eventsite-backups-{stage}"
    assert settings["aws_environment_variables"]["METRICS_STAGE"] == stage
    assert settings["s3_bucket"] == f"eventsite-zappa-deployments-{stage}"
    assert settings["domain"].endswith(".example.com")
    assert isinstance(settings["xray_tracing"], bool)
    assert isinstance(monitoring_settings(stage, settings), Monitoring)


def test_production_keeps_snapstart_and_traces_with_x_ray(stages):
    production = resolved(stages, "production")

    assert production["snap_start"] == "PublishedVersions"
    assert production["aws_environment_variables"]["INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT"] == "true"
    assert production["keep_warm"] is False
    assert production["xray_tracing"] is True


@pytest.mark.parametrize("stage", ["dev", "staging", "production"])
def test_every_stage_consumes_its_queue_and_its_ses_topic_and_runs_the_schedule(stages, stage):
    events = {entry["function"]: entry for entry in resolved(stages, stage)["events"]}

    assert events["eventsite.tasks.lambda_handlers.consume"]["event_source"]["arn"].endswith(
        f":eventsite-{stage}-tasks"
    )
    ses = events["accounts.bounces.handle_ses_notifications"]["event_source"]
    assert ses["arn"].endswith(f":eventsite-{stage}-ses-notifications")
    assert {name: events[name]["expression"] for name in events if "expression" in events[name]} == {
        "eventsite.tasks.lambda_handlers.purge_expired": "rate(1 day)",
        "events.tasks.send_due_reminders": "rate(15 minutes)",
        "events.tasks.send_organizer_digests": "cron(0 7 * * ? *)",
        "eventsite.backups.lambda_handlers.backup_to_s3": "cron(30 2 * * ? *)",
    }
