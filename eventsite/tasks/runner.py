"""Running one message: at most once to completion, however often it is delivered."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from eventsite.runtime.transactions import sql_atomic
from eventsite.tasks.models import TaskRun
from eventsite.tasks.queue import task_named

logger = logging.getLogger("eventsite.tasks")

RAN = "ran"
ALREADY_DONE = "already done"
RUNNING_ELSEWHERE = "running elsewhere"


class BadMessage(ValueError):
    """A message that is not one ``enqueue`` sends; running it again cannot help."""


def run_message(message: dict, *, attempt: int = 1) -> str:
    """Run the task a message names, unless a delivery of the same message ran it or runs it now.

    Returns ``RAN``, ``ALREADY_DONE`` or ``RUNNING_ELSEWHERE``; the task's own exception
    propagates, after giving the claim back so that the next delivery runs it.
    """
    message_id, name, args = _parts(message)
    found = task_named(name)
    run = _claim(message_id, name)
    if isinstance(run, str):
        logger.info("task skipped", extra={"task": name, "task_id": str(message_id), "reason": run})
        return run
    started = time.monotonic()
    try:
        found(**args)
    except Exception as exc:
        TaskRun.objects.filter(pk=run.pk, started_at=run.started_at).update(
            started_at=None, last_error=f"{type(exc).__name__}: {exc}"[:500]
        )
        raise
    TaskRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), last_error="")
    logger.info(
        "task done",
        extra={
            "task": name,
            "task_id": str(message_id),
            "attempt": attempt,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
        },
    )
    return RAN


def _parts(message: dict) -> tuple[uuid.UUID, str, dict]:
    try:
        message_id = uuid.UUID(message["id"])
        name, args = message["task"], message["args"]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BadMessage("a task message needs an id (UUID), a task name and args") from None
    if not isinstance(name, str) or not isinstance(args, dict):
        raise BadMessage("a task message's task is a name and its args an object")
    return message_id, name, args


def _claim(message_id: uuid.UUID, name: str) -> TaskRun | str:
    """This delivery's claim on the message, or why it has none."""
    now = timezone.now()
    try:
        with sql_atomic():
            return TaskRun.objects.create(id=message_id, task=name, started_at=now, attempts=1)
    except IntegrityError:
        pass
    run = TaskRun.objects.filter(pk=message_id).first()
    if run is None or run.finished_at is not None:
        return ALREADY_DONE
    lease = timedelta(seconds=settings.TASKS_LEASE_SECONDS)
    if run.started_at is not None and run.started_at > now - lease:
        return RUNNING_ELSEWHERE
    taken = TaskRun.objects.filter(pk=message_id, finished_at=None, started_at=run.started_at).update(
        started_at=now, attempts=run.attempts + 1
    )
    if not taken:
        return RUNNING_ELSEWHERE
    run.started_at, run.attempts = now, run.attempts + 1
    return run
