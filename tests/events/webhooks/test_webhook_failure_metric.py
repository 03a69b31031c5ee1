"""A change that every attempt failed to deliver counts as one webhook failure (EMF)."""

import pytest

from tests.helpers.metrics import emf_counts, metric_lines

pytestmark = pytest.mark.django_db
__all__ = ["metric_lines"]

NEW_EVENT = {"title": "Launch party", "date": "2031-05-01T18:00:00Z"}


def test_a_change_whose_every_attempt_failed_counts_one_webhook_failure(
    auth_client, webhook, receiver, settings, metric_lines
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    receiver.answer_with(500, 500, 200)

    auth_client.post("/events", NEW_EVENT, format="json")
    auth_client.post("/events", NEW_EVENT, format="json")

    assert emf_counts(metric_lines) == {"EventsCreated": 2, "WebhookFailures": 1}
