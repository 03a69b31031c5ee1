"""Business metrics as CloudWatch Embedded Metric Format (EMF) lines on stdout.

CloudWatch Logs turns each line into a metric of ``METRICS_NAMESPACE`` with the dimension
``Stage`` (``METRICS_STAGE``): no API call, no extra permission, nothing that can slow a request.
A service counts what it did with ``count(NAME)``; the line is written once the outermost unit
of work succeeds (``after_unit``), so a change that rolls back counts nothing. An empty namespace writes none.
"""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings

from eventsite.runtime.transactions import after_unit

logger = logging.getLogger("eventsite.metrics")

REGISTRATIONS = "Registrations"
EVENTS_CREATED = "EventsCreated"
RSVPS = "Rsvps"
CHECK_INS = "CheckIns"
WEBHOOK_FAILURES = "WebhookFailures"
NAMES = (REGISTRATIONS, EVENTS_CREATED, RSVPS, CHECK_INS, WEBHOOK_FAILURES)


def emf_document(name: str, value: int, *, namespace: str, stage: str, timestamp_ms: int) -> dict:
    """One EMF document: a count of ``name`` under ``namespace``, by ``Stage``."""
    return {
        "_aws": {
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [
                {
                    "Namespace": namespace,
                    "Dimensions": [["Stage"]],
                    "Metrics": [{"Name": name, "Unit": "Count"}],
                }
            ],
        },
        "Stage": stage,
        name: value,
    }


def count(name: str, value: int = 1) -> None:
    """Count ``value`` of ``name`` once the current unit of work succeeds (now, outside one)."""
    if name not in NAMES:
        raise ValueError(f"{name!r} is not one of the metrics")
    after_unit(lambda: _emit(name, value))


def _emit(name: str, value: int) -> None:
    namespace = settings.METRICS_NAMESPACE
    if not namespace:
        return
    document = emf_document(
        name, value, namespace=namespace, stage=settings.METRICS_STAGE, timestamp_ms=int(time.time() * 1000)
    )
    logger.info(json.dumps(document, separators=(",", ":")))


class EmfFormatter(logging.Formatter):
    """The message alone: CloudWatch reads a line as EMF only when the line is the JSON document."""

    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()
