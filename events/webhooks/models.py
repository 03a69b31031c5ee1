"""Webhook endpoints and their delivery log (importable as ``events.models``)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class WebhookEndpoint(models.Model):
    """A URL that receives the changes of its owner's events (staff: of every event).

    ``secret`` signs each delivery; it is shown once, in the answer to the create request, and
    kept in the clear because signing needs it. ``consecutive_failures`` counts the changes in a
    row whose every attempt failed; at ``WEBHOOKS_DISABLE_AFTER_FAILURES`` the endpoint is
    switched off (``active``) until its owner switches it on again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks")
    # Checked by ``ssrf.check_url`` (stricter than a URL field) when registered or changed.
    url = models.CharField(max_length=2000)
    description = models.CharField(max_length=200, blank=True, default="")
    event_types = models.JSONField(default=list)
    secret = models.CharField(max_length=100, editable=False)
    active = models.BooleanField(default=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["id"], name="webhookendpoint_id_idx"),
            models.Index(fields=["owner", "created_at"], name="webhookendpoint_owner_idx"),
            models.Index(fields=["active"], name="webhookendpoint_active_idx"),
        ]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One attempt to POST one change to one endpoint: what was sent and how the receiver answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    # The payload's ``id`` (the change's), the same on every attempt, so receivers can dedupe.
    change_id = models.UUIDField()
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    attempt = models.PositiveIntegerField(default=1)
    redelivery = models.BooleanField(default=False)
    succeeded = models.BooleanField(default=False)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True, default="")
    response_excerpt = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["id"], name="webhookdelivery_id_idx"),
            models.Index(fields=["endpoint", "created_at"], name="webhookdelivery_endpoint_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} (attempt {self.attempt})"
