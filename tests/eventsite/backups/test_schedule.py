"""The schedule's entry point sends the export as a task that the queue consumer can run by name."""

import importlib
import json
import re
from pathlib import Path

from eventsite.backups.lambda_handlers import backup_to_s3
from eventsite.backups.tasks import export_to_s3
from eventsite.tasks.queue import task_named

README = Path(__file__).resolve().parents[3] / "README.md"


def documented_schedule_entry() -> dict:
    """The entry README "Backups and restore" asks to add to each stage's ``events``."""
    section = README.read_text().split("### The scheduled export to S3", 1)[1]
    return json.loads(re.search(r"\n    (\{\n.*?\n    \})\n", section, re.DOTALL).group(1))


def test_the_schedule_sends_one_export_task(task_messages):
    assert backup_to_s3({"source": "aws.events"}, None) == {"enqueued": ["export_to_s3"]}

    (message,) = task_messages
    assert message["task"] == "eventsite.backups.tasks.export_to_s3"
    assert message["args"] == {}
    assert task_named(message["task"]) is export_to_s3


def test_the_schedule_entry_the_readme_documents_names_the_entry_point_daily():
    entry = documented_schedule_entry()
    module, _, name = entry["function"].rpartition(".")

    assert getattr(importlib.import_module(module), name) is backup_to_s3
    assert entry["expression"] == "cron(30 2 * * ? *)"
