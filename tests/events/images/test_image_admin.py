"""The event admin shows the image as a thumbnail linking to it, and its processing state."""

import pytest

from events.models import Event
from tests.events.admin_forms import change_form
from tests.events.images.images import image_bytes, put_image

pytestmark = pytest.mark.django_db

CHANGE = "/admin/events/event/{}/change/"


def test_the_event_page_shows_the_thumbnail_linking_to_the_image(admin_site_client, auth_client, event):
    put_image(auth_client, event, image_bytes())
    stored = Event.objects.get(pk=event.pk)

    content = admin_site_client.get(CHANGE.format(event.pk)).content.decode()

    assert (
        f'<a href="/media/{stored.image_name}"><img src="/media/{stored.thumbnail_name}" alt="Event image"'
        in content
    )
    assert "Ready" in content


def test_the_event_page_says_why_an_upload_was_refused(admin_site_client, auth_client, event):
    put_image(auth_client, event, b"not an image")

    content = admin_site_client.get(CHANGE.format(event.pk)).content.decode()

    assert "Failed" in content
    assert "The file is not a JPEG, PNG or WebP image." in content
    assert "Event image" not in content


def test_saving_the_event_in_the_admin_keeps_its_image(admin_site_client, auth_client, event):
    put_image(auth_client, event, image_bytes())
    before = Event.objects.get(pk=event.pk)
    form = change_form(before, title="Renamed")

    admin_site_client.post(CHANGE.format(event.pk), form)

    after = Event.objects.get(pk=event.pk)
    assert after.title == "Renamed"
    assert (after.image_name, after.image_status) == (before.image_name, "ready")


def test_the_changelist_filters_by_image_state(admin_site_client, auth_client, event):
    response = admin_site_client.get("/admin/events/event/?image_status__exact=ready")

    assert response.status_code == 200
