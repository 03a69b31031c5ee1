"""Writes of webhook endpoints and of their delivery log."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from events.changes import KINDS
from events.webhooks import ssrf
from events.webhooks.delivery import Outcome
from events.webhooks.models import WebhookDelivery, WebhookEndpoint
from events.webhooks.signing import new_secret
from eventsite.runtime import metrics
from eventsite.runtime.errors import Conflict, InvalidInput
from eventsite.runtime.transactions import transactional

# A counter updated by concurrent deliveries: read, then written only if unchanged, a few times.
COUNTER_TRIES = 5


class TooManyWebhooks(Conflict):
    code = "too_many_webhooks"
    default_message = "You have as many webhook endpoints as allowed; delete one first."


def _check_event_types(event_types: Sequence[str]) -> list[str]:
    unknown = sorted(set(event_types) - set(KINDS))
    if unknown or not event_types:
        raise InvalidInput(errors={"eventTypes": [f"Choose from {', '.join(KINDS)}."]})
    return sorted(set(event_types), key=KINDS.index)


def webhook_create(
    *, owner: User, url: str, event_types: Sequence[str], description: str = ""
) -> WebhookEndpoint:
    """A new endpoint with a new secret (the caller shows it once); the URL must be safe to call."""
    event_types = _check_event_types(event_types)
    ssrf.check_url(url)
    if WebhookEndpoint.objects.filter(owner=owner).count() >= settings.WEBHOOKS_MAX_ENDPOINTS_PER_USER:
        raise TooManyWebhooks()
    endpoint = WebhookEndpoint(
        owner=owner, url=url, event_types=event_types, description=description, secret=new_secret()
    )
    endpoint.save(force_insert=True)
    return endpoint


def webhook_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: Sequence[str] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    """Change what is given; switching an endpoint on again forgets its failures.

    Only the fields given are written, so a delivery counting a failure meanwhile keeps its count.
    """
    changed = ["updated_at"]
    if url is not None:
        ssrf.check_url(url)
        endpoint.url = url
        changed.append("url")
    if event_types is not None:
        endpoint.event_types = _check_event_types(event_types)
        changed.append("event_types")
    if description is not None:
        endpoint.description = description
        changed.append("description")
    if active is not None:
        if active and not endpoint.active:
            endpoint.failing_since, endpoint.consecutive_failures = None, 0
            changed += ["failing_since", "consecutive_failures"]
        endpoint.active = active
        changed.append("active")
    endpoint.save(update_fields=changed)
    return endpoint


@transactional
def webhook_delete(*, endpoint: WebhookEndpoint) -> None:
    """The endpoint and its delivery log."""
    WebhookDelivery.objects.filter(endpoint=endpoint).delete()
    endpoint.delete()


def delivery_record(
    *, endpoint: WebhookEndpoint, delivery_id, payload: dict, attempt: int, redelivery: bool, outcome: Outcome
) -> WebhookDelivery:
    """Log one attempt; a success clears the endpoint's failures."""
    delivery = WebhookDelivery.objects.create(
        id=delivery_id,
        endpoint=endpoint,
        change_id=payload["id"],
        event_type=payload["type"],
        payload=payload,
        attempt=attempt,
        redelivery=redelivery,
        succeeded=outcome.succeeded,
        status_code=outcome.status_code,
        duration_ms=outcome.duration_ms,
        error=outcome.error[:500],
        response_excerpt=outcome.response_excerpt[:500],
    )
    if outcome.succeeded:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0, failing_since=None)
    return delivery


def webhook_deliveries_purge(*, before) -> int:
    """Forget log entries older than ``before`` (``manage.py purge_webhook_deliveries``)."""
    deleted, _ = WebhookDelivery.objects.filter(created_at__lt=before).delete()
    return deleted


def webhook_change_failed(*, endpoint: WebhookEndpoint) -> None:
    """Every attempt at one change failed: the endpoint is failing, and after
    ``WEBHOOKS_DISABLE_AFTER_FAILURES`` such changes in a row it is switched off."""
    for _ in range(COUNTER_TRIES):
        current = WebhookEndpoint.objects.filter(pk=endpoint.pk).first()
        if current is None:
            return
        failures = current.consecutive_failures + 1
        changes = {
            "consecutive_failures": failures,
            "failing_since": current.failing_since or timezone.now(),
            "updated_at": timezone.now(),
        }
        if failures >= settings.WEBHOOKS_DISABLE_AFTER_FAILURES:
            changes["active"] = False
        unchanged = WebhookEndpoint.objects.filter(
            pk=current.pk, consecutive_failures=current.consecutive_failures
        )
        if unchanged.update(**changes):
            metrics.count(metrics.WEBHOOK_FAILURES)
            return


def webhook_redeliver(*, delivery: WebhookDelivery) -> None:
    """Send a logged payload again, once (``tasks.deliver_webhook``), as the endpoint's owner asked."""
    from events.webhooks.tasks import deliver_webhook
    from eventsite.tasks import enqueue

    enqueue(
        deliver_webhook,
        endpoint_id=str(delivery.endpoint_id),
        payload=delivery.payload,
        attempt=1,
        redelivery=True,
    )
