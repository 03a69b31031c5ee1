"""Where a committed task message goes: ``TASKS_BACKEND`` is ``inline``, ``sqs`` or ``sync``.

- ``inline`` (local default): one worker thread of the web process runs the messages, those of
  a request only once its response has been sent (Django's ``request_finished``), so a task
  never lengthens a request. A failing task is tried ``TASKS_INLINE_ATTEMPTS`` times, with a
  growing pause, then logged. Nothing survives a restart of the process.
- ``sqs`` (production): the message goes to the queue ``TASKS_QUEUE_URL``; the same Lambda
  function consumes it (``eventsite.tasks.lambda_handlers.consume``), SQS redelivers a failed
  message and moves it to the dead-letter queue after ``maxReceiveCount`` receives. On Lambda a
  thread would freeze when the handler returns, so there it is the only back end.
- ``sync`` (tests): the message runs in the calling thread as soon as the outermost unit of
  work has succeeded, failures logged as with ``inline``.
- ``memory`` (tests): the message is kept in ``sent`` (when ``sync`` would run it) and runs
  nowhere, as a request sees the ``sqs`` back end: for tests of what a request sends.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from functools import cache

from django.conf import settings
from django.db import connections

logger = logging.getLogger("eventsite.tasks")


class SyncBackend:
    ignores_outer_transactions = True

    def __init__(self) -> None:
        self._local = threading.local()

    def send(self, message: dict, *, delay_seconds: int = 0) -> None:
        """Run now; a task enqueued by a running task runs after it, not inside it."""
        local = self._local
        if getattr(local, "pending", None) is not None:
            local.pending.append(message)
            return
        local.pending = [message]
        try:
            while local.pending:
                run_with_retries(local.pending.pop(0), pause=lambda seconds: None)
        finally:
            local.pending = None


class InlineBackend:
    ignores_outer_transactions = False

    def __init__(self) -> None:
        self._queue: queue.Queue[dict] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._request = threading.local()

    def send(self, message: dict, *, delay_seconds: int = 0) -> None:
        if delay_seconds:
            timer = threading.Timer(delay_seconds, self._submit, args=(message,))
            timer.daemon = True
            timer.start()
        elif getattr(self._request, "pending", None) is not None:
            self._request.pending.append(message)
        else:
            self._submit(message)

    def request_started(self) -> None:
        if getattr(self._request, "pending", None) is None:
            self._request.pending = []

    def request_finished(self) -> None:
        pending, self._request.pending = getattr(self._request, "pending", None) or [], None
        for message in pending:
            self._submit(message)

    def wait_until_idle(self) -> None:
        """Block until every submitted message has run (tests, and a management command's end)."""
        self._queue.join()

    def _submit(self, message: dict) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="eventsite-tasks", daemon=True)
                self._worker.start()
        self._queue.put(message)

    def _work(self) -> None:
        while True:
            message = self._queue.get()
            try:
                run_with_retries(message, pause=time.sleep)
            finally:
                connections.close_all()
                self._queue.task_done()


class SqsBackend:
    ignores_outer_transactions = False

    def send(self, message: dict, *, delay_seconds: int = 0) -> None:
        """Send to the queue; a failure is logged, not raised: the write it follows has committed."""
        try:
            sqs_client().send_message(
                QueueUrl=queue_url(), MessageBody=json.dumps(message), DelaySeconds=delay_seconds
            )
        except Exception:
            extra = {"task": message["task"], "task_id": message["id"]}
            logger.exception("task could not be queued", extra=extra)


class MemoryBackend:
    ignores_outer_transactions = True

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def send(self, message: dict, *, delay_seconds: int = 0) -> None:
        self.sent.append(message)


@cache
def sqs_client():
    import boto3

    return boto3.client("sqs", endpoint_url=settings.TASKS_SQS_ENDPOINT_URL or None)


# The readiness probe gives up within seconds, once: boto's defaults (60 s, retried) would outlast
# API Gateway's 29 s and turn a silent queue into a timed-out request instead of a 503.
PROBE_TIMEOUT_SECONDS = 2


@cache
def sqs_probe_client():
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=PROBE_TIMEOUT_SECONDS,
        read_timeout=PROBE_TIMEOUT_SECONDS,
        retries={"total_max_attempts": 1, "mode": "standard"},
    )
    return boto3.client("sqs", endpoint_url=settings.TASKS_SQS_ENDPOINT_URL or None, config=config)


@cache
def queue_url() -> str:
    """``TASKS_QUEUE_URL``, or the URL of the queue ``TASKS_QUEUE_NAME`` (asked once per process)."""
    if settings.TASKS_QUEUE_URL:
        return settings.TASKS_QUEUE_URL
    return sqs_client().get_queue_url(QueueName=settings.TASKS_QUEUE_NAME)["QueueUrl"]


def run_with_retries(message: dict, *, pause) -> None:
    """Run a message up to ``TASKS_INLINE_ATTEMPTS`` times (1 s, 2 s, 4 s … apart), then log it as failed."""
    from eventsite.tasks.runner import run_message

    attempts = settings.TASKS_INLINE_ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            run_message(message, attempt=attempt)
            return
        except Exception:
            logger.exception(
                "task failed",
                extra={"task": message.get("task"), "task_id": message.get("id"), "attempt": attempt},
            )
        if attempt < attempts:
            pause(2 ** (attempt - 1))


BACKENDS = {"inline": InlineBackend, "sqs": SqsBackend, "sync": SyncBackend, "memory": MemoryBackend}


@cache
def _backend(name: str):
    return BACKENDS[name]()


def current():
    """The back end ``TASKS_BACKEND`` names (one instance per process and name)."""
    return _backend(settings.TASKS_BACKEND)


def request_started(**kwargs) -> None:
    backend = current()
    if isinstance(backend, InlineBackend):
        backend.request_started()


def request_finished(**kwargs) -> None:
    backend = current()
    if isinstance(backend, InlineBackend):
        backend.request_finished()


def check_available() -> None:
    """Raise when the back end cannot take messages now (the readiness check): for SQS, one call
    that reads the queue; the in-process back ends are there as long as the process is."""
    if isinstance(current(), SqsBackend):
        sqs_probe_client().get_queue_attributes(QueueUrl=queue_url(), AttributeNames=["QueueArn"])
