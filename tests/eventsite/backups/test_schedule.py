"""The schedule's entry point sends the export as a task that the queue consumer can run by name."""

import importlib
import json
from pathlib import Path

import pytest

from eventsite.backups.lambda_handlers import backup_to_s3
from eventsite.backups.tasks import export_to_s3
from eventsite.tasks.queue import task_named

ZAPPA_SETTINGS = Path(__file__).resolve().parents[3] / "zappa_settings.json"
BACKUP_ENTRY_POINT = "eventsite.backups.lambda_handlers.backup_to_s3"


def test_the_schedule_sends_one_export_task(task_messages):
    assert backup_to_s3({"source": "aws.events"}, None) == {"enqueued": ["export_to_s3"]}

    (message,) = task_messages
    assert message["task"] == "eventsite.backups.tasks.export_to_s3"
    assert message["args"] == {}
    assert task_named(message["task"]) is export_to_s3


@pytest.mark.parametrize("stage", ["dev", "staging", "production"])
def test_every_stage_schedules_the_export_daily_through_the_entry_point(stage):
    (entry,) = [
        entry
        for entry in json.loads(ZAPPA_SETTINGS.read_text())[stage]["events"]
        if entry["function"] == BACKUP_ENTRY_POINT
    ]
    module, _, name = entry["function"].rpartition(".")

    assert getattr(importlib.import_module(module), name) is backup_to_s3
    assert entry["expression"] == "cron(30 2 * * ? *)"
