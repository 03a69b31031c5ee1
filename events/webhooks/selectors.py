"""Reads of webhook endpoints and deliveries."""

import uuid

from django.db.models import Q, QuerySet

from accounts.models import User
from events.webhooks.models import WebhookDelivery, WebhookEndpoint


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def user_webhooks(*, user: User) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(owner=user).order_by("created_at", "id")


def user_webhook(*, user: User, webhook_id) -> WebhookEndpoint | None:
    """The caller's endpoint ``webhook_id``; None for another user's, as for one that is not there."""
    pk = _uuid(webhook_id)
    return None if pk is None else WebhookEndpoint.objects.filter(pk=pk, owner=user).first()


def webhook_deliveries(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """Newest first."""
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")


def webhook_delivery(*, endpoint: WebhookEndpoint, delivery_id) -> WebhookDelivery | None:
    pk = _uuid(delivery_id)
    return None if pk is None else WebhookDelivery.objects.filter(pk=pk, endpoint=endpoint).first()


def webhooks_for_change(*, change: dict) -> list[WebhookEndpoint]:
    """The active endpoints that receive ``change``: the organizer's, and every staff member's.

    The event types are filtered here, not in the query: no JSON queries (MongoDB and SQL alike).
    """
    endpoints = WebhookEndpoint.objects.filter(active=True, owner__is_active=True).filter(
        Q(owner_id=change["organizerId"]) | Q(owner__is_staff=True)
    )
    return [
        endpoint
        for endpoint in endpoints.order_by("created_at", "id")
        if change["type"] in endpoint.event_types
    ]
