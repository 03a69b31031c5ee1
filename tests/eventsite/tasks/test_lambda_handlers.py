"""The functions Zappa's handler calls for the queue and the schedule, called as it calls them."""

import json
import uuid
from datetime import timedelta

from django.utils import timezone

from eventsite.tasks.lambda_handlers import consume, purge_expired
from eventsite.tasks.models import TaskRun
from eventsite.tasks.queue import message_for
from eventsite.tasks.tasks import PURGE_COMMANDS, run_purge


def sqs_event(*messages: dict) -> dict:
    return {
        "Records": [
            {
                "messageId": f"m{index}",
                "body": json.dumps(message),
                "attributes": {"ApproximateReceiveCount": "1"},
                "eventSource": "aws:sqs",
            }
            for index, message in enumerate(messages)
        ]
    }


def old_finished_run() -> TaskRun:
    finished = timezone.now() - timedelta(days=30)
    return TaskRun.objects.create(id=uuid.uuid4(), task="t", started_at=finished, finished_at=finished)


def test_consume_reports_only_the_failed_messages_of_a_batch(db):
    purge = message_for(run_purge, {"command": "purge_task_runs"})
    unknown = {"id": str(uuid.uuid4()), "task": "events.tasks.no_such_task", "args": {}}
    refused = message_for(run_purge, {"command": "flush"})

    result = consume(sqs_event(purge, unknown, refused), None)

    assert result == {"batchItemFailures": [{"itemIdentifier": "m1"}, {"itemIdentifier": "m2"}]}
    assert TaskRun.objects.get(pk=purge["id"]).finished_at is not None
    refusal = TaskRun.objects.get(pk=refused["id"]).last_error
    assert refusal == "ValueError: 'flush' is not one of the purge commands"


def test_consume_skips_a_message_that_ran_before(db):
    purge = message_for(run_purge, {"command": "purge_task_runs"})
    assert consume(sqs_event(purge), None) == {"batchItemFailures": []}
    old = old_finished_run()

    assert consume(sqs_event(purge), None) == {"batchItemFailures": []}

    assert TaskRun.objects.filter(pk=old.pk).exists()
    assert TaskRun.objects.get(pk=purge["id"]).attempts == 1


def test_the_daily_schedule_runs_every_purge_as_a_task(db):
    old = old_finished_run()

    assert purge_expired({"detail-type": "Scheduled Event"}, None) == {"enqueued": list(PURGE_COMMANDS)}

    runs = TaskRun.objects.filter(task="eventsite.tasks.tasks.run_purge", finished_at__isnull=False)
    assert runs.count() == len(PURGE_COMMANDS) == 5
    assert not TaskRun.objects.filter(pk=old.pk).exists()
