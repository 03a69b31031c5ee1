"""Entry points Zappa's handler calls for non-HTTP events (``events`` in ``zappa_settings.json``).

Zappa sets Django up before it calls them, and calls them as ``function(event, context)``.
"""

from __future__ import annotations

import json
import logging

from eventsite.tasks.runner import RUNNING_ELSEWHERE, run_message

logger = logging.getLogger("eventsite.tasks")


class UnfinishedMessages(Exception):
    """Some messages of an SQS batch did not run to completion; SQS delivers the batch again."""


def consume(event: dict, context) -> dict:
    """Run each message of an SQS batch from the task queue.

    Every message is tried. If any failed, this raises, so Lambda leaves the whole batch on the
    queue; the messages that ran are recorded as done and skipped on redelivery, and a message
    that keeps failing moves to the dead-letter queue after ``maxReceiveCount`` receives.
    """
    records = event.get("Records", [])
    unfinished = []
    for record in records:
        attempt = int(record.get("attributes", {}).get("ApproximateReceiveCount", 1))
        try:
            outcome = run_message(json.loads(record["body"]), attempt=attempt)
        except Exception:
            extra = {"sqs_message_id": record.get("messageId"), "attempt": attempt}
            logger.exception("task failed", extra=extra)
            unfinished.append(record.get("messageId"))
            continue
        if outcome == RUNNING_ELSEWHERE:
            unfinished.append(record.get("messageId"))
    if unfinished:
        raise UnfinishedMessages(f"{len(unfinished)} of {len(records)} messages did not finish")
    return {"processed": len(records)}
