"""``manage.py purge_webhook_deliveries``: the delivery log keeps WEBHOOKS_DELIVERY_LOG_DAYS."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def test_the_purge_deletes_only_entries_older_than_the_retention(auth_client, webhook, receiver, settings):
    settings.WEBHOOKS_DELIVERY_LOG_DAYS = 7
    for _ in range(2):
        auth_client.post("/events", {"title": "Launch", "date": "2031-05-01T18:00:00Z"}, format="json")
    old, recent = WebhookDelivery.objects.order_by("created_at")
    WebhookDelivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    out = StringIO()

    call_command("purge_webhook_deliveries", stdout=out)

    assert list(WebhookDelivery.objects.values_list("pk", flat=True)) == [recent.pk]
    assert out.getvalue().strip() == "Purged 1 webhook delivery log entry."
