"""The admin's webhook pages: endpoints without their secret, and the delivery log, read-only."""

import pytest

from events.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

NEW_EVENT = {"title": "Launch party", "date": "2031-05-01T18:00:00Z"}


@pytest.fixture
def delivered(auth_client, webhook, receiver) -> dict:
    auth_client.post("/events", NEW_EVENT, format="json")
    return webhook


def test_the_endpoint_pages_never_show_the_secret(admin_site_client, delivered):
    endpoint = WebhookEndpoint.objects.get()

    pages = [
        admin_site_client.get("/admin/events/webhookendpoint/"),
        admin_site_client.get(f"/admin/events/webhookendpoint/{endpoint.pk}/change/"),
    ]

    assert [page.status_code for page in pages] == [200, 200]
    assert endpoint.url.encode() in pages[0].content
    assert not [page for page in pages if delivered["secret"].encode() in page.content]


def test_the_delivery_log_is_listed_and_cannot_be_edited(admin_site_client, delivered):
    delivery = WebhookDelivery.objects.get()

    listing = admin_site_client.get("/admin/events/webhookdelivery/")
    page = admin_site_client.get(f"/admin/events/webhookdelivery/{delivery.pk}/change/")
    edit = admin_site_client.post(f"/admin/events/webhookdelivery/{delivery.pk}/change/", {"attempt": 9})

    assert (listing.status_code, page.status_code) == (200, 200)
    assert b"event.created" in listing.content
    assert edit.status_code == 403
    assert WebhookDelivery.objects.get().attempt == 1
    assert admin_site_client.get("/admin/events/webhookendpoint/add/").status_code == 403
