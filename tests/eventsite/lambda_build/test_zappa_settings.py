"""zappa_settings.json as Zappa reads it: plain JSON, where a repeated key silently wins."""

import json
from pathlib import Path

import pytest

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
    assert {"dev", "production"} <= set(stages)


@pytest.mark.parametrize("stage", ["dev", "production"])
def test_every_stage_consumes_its_queue_and_its_ses_topic_and_runs_the_schedule(stages, stage):
    events = {entry["function"]: entry for entry in stages[stage]["events"]}

    assert events["eventsite.tasks.lambda_handlers.consume"]["event_source"]["arn"].endswith(
        f":eventsite-{stage}-tasks"
    )
    ses = events["accounts.bounces.handle_ses_notifications"]["event_source"]
    assert ses["arn"].endswith(f":eventsite-{stage}-ses-notifications")
    assert {name: events[name]["expression"] for name in events if "expression" in events[name]} == {
        "eventsite.tasks.lambda_handlers.purge_expired": "rate(1 day)",
        "events.tasks.send_due_reminders": "rate(15 minutes)",
        "events.tasks.send_organizer_digests": "cron(0 7 * * ? *)",
    }
