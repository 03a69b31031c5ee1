"""Entry points Zappa's handler calls for non-HTTP events (``events`` in ``zappa_settings.json``).

Zappa sets Django up before it calls them, and calls them as ``function(event, context)``.
"""

from __future__ import annotations

import json
import logging

from eventsite.tasks.queue import enqueue
from eventsite.tasks.runner import RUNNING_ELSEWHERE, run_message
from eventsite.tasks.tasks import PURGE_COMMANDS, run_purge

logger = logging.getLogger("eventsite.tasks")


def consume(event: dict, context) -> dict:
    """Run each message of an SQS batch from the task queue; the failed ones go back to the queue.

    The event source mapping reports partial batch responses (``ReportBatchItemFailures``, set
    by the deploy, ``eventsite/lambda_build/task_queues.py``): SQS deletes the messages that
    ran and receives the ones listed in ``batchItemFailures`` again, until a message that keeps
    failing moves to the dead-letter queue after ``maxReceiveCount`` receives. A message a
    concurrent delivery is running is listed too; one that ran before is skipped.
    """
    records = event.get("Records", [])
    failures = []
    for record in records:
        attempt = int(record.get("attributes", {}).get("ApproximateReceiveCount", 1))
        try:
            outcome = run_message(json.loads(record["body"]), attempt=attempt)
        except Exception:
            extra = {"sqs_message_id": record.get("messageId"), "attempt": attempt}
            logger.exception("task failed", extra=extra)
            outcome = None
        if outcome in (None, RUNNING_ELSEWHERE):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def purge_expired(event: dict, context) -> dict:
    """The daily schedule: one task per purge command, so each is retried and dead-lettered alone."""
    for command in PURGE_COMMANDS:
        enqueue(run_purge, command=command)
    return {"enqueued": list(PURGE_COMMANDS)}
