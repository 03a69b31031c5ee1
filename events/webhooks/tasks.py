"""The webhook listener of ``events.changes`` and the delivery task, with its retries.

A delivery that fails (timeout, connection error, refused address, any non-2xx answer, 3xx
included) is tried again after ``RETRY_DELAYS`` (10 s, 1 min, 5 min, 15 min, then 15 min
again), up to ``WEBHOOKS_MAX_ATTEMPTS`` attempts in all; when the last fails, the endpoint
is marked failing (``services.webhook_change_failed``). The task never raises for what the
receiver does, so the task queue's own retries never send a change twice.
"""

from __future__ import annotations

import json
import logging
import time
import uuid

from django.conf import settings

from events.webhooks import delivery, services
from events.webhooks.models import WebhookEndpoint
from events.webhooks.selectors import webhooks_for_change
from events.webhooks.signing import SIGNATURE_HEADER, signature
from eventsite.tasks import enqueue, enqueue_in, task

logger = logging.getLogger("events.webhooks")

RETRY_DELAYS = (10, 60, 300, 900)
EVENT_ID_HEADER = "Eventsite-Event-Id"
DELIVERY_ID_HEADER = "Eventsite-Delivery-Id"


def payload_for(change: dict) -> dict:
    """``{id, type, createdAt, data}``: ``data`` is the RSVP for ``rsvp.*`` changes, else the event."""
    kind = change["type"]
    data = change["rsvp"] if kind.startswith("rsvp.") else change["event"]
    return {"id": change["id"], "type": kind, "createdAt": change["createdAt"], "data": data}


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def retry_delay(attempt: int) -> int:
    """Seconds before the attempt after ``attempt`` (the first is 1)."""
    return RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]


@task
def webhooks_notify(*, change: dict) -> None:
    """One delivery task per endpoint that receives ``change``."""
    payload = payload_for(change)
    for endpoint in webhooks_for_change(change=change):
        enqueue(deliver_webhook, endpoint_id=str(endpoint.pk), payload=payload, attempt=1)


@task
def deliver_webhook(*, endpoint_id: str, payload: dict, attempt: int, redelivery: bool = False) -> None:
    """POST ``payload`` to the endpoint, signed, and log it; retry later if it failed.

    A redelivery asked for by the owner is one attempt, sent even to a switched-off endpoint.
    """
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None or not (endpoint.active or redelivery):
        return
    delivery_id = uuid.uuid4()
    body = body_of(payload)
    headers = {
        SIGNATURE_HEADER: signature(secret=endpoint.secret, timestamp=int(time.time()), body=body),
        EVENT_ID_HEADER: payload["id"],
        DELIVERY_ID_HEADER: str(delivery_id),
    }
    outcome = delivery.post(endpoint.url, body=body, headers=headers)
    services.delivery_record(
        endpoint=endpoint,
        delivery_id=delivery_id,
        payload=payload,
        attempt=attempt,
        redelivery=redelivery,
        outcome=outcome,
    )
    if outcome.succeeded or redelivery:
        return
    extra = {"webhook_id": endpoint_id, "attempt": attempt, "status_code": outcome.status_code}
    if attempt < settings.WEBHOOKS_MAX_ATTEMPTS:
        logger.info("webhook delivery failed, will retry", extra=extra)
        enqueue_in(
            retry_delay(attempt),
            deliver_webhook,
            endpoint_id=endpoint_id,
            payload=payload,
            attempt=attempt + 1,
        )
        return
    logger.warning("webhook delivery failed, no attempts left", extra=extra)
    services.webhook_change_failed(endpoint=endpoint)
