"""Who may upload and remove an event's image: its owner, organizers and staff (the permission
matrix, tests/events/api/permission_matrix.py, has the other routes)."""

import pytest

from events.models import Event
from tests.events.images.images import image_bytes, put_image, stored_names
from tests.helpers import client_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("other_user", 403),
        ("attendee", 403),
        ("checker", 403),
        ("organizer", 202),
        ("staff", 202),
    ],
)
def test_only_the_events_editors_may_upload_its_image(event, role, status):
    response = put_image(client_as(role, event), event, image_bytes())

    assert response.status_code == status, response.content
    if status >= 400:
        assert set(response.json()) == {"message", "code"}
        assert Event.objects.get(pk=event.pk).image_status == "none"
        assert stored_names("uploads") == []


def test_a_refused_upload_says_who_may_change_the_image(event):
    response = put_image(client_as("attendee", event), event, image_bytes())

    assert response.json()["message"] == "Only the event's owner, organizers or staff can change its image."


def test_with_local_storage_a_presigned_upload_is_refused_pointing_to_put(auth_client, event):
    response = auth_client.post(
        f"/events/{event.pk}/image/upload", {"contentType": "image/jpeg"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "direct_upload_unavailable"
    assert "PUT" in response.json()["message"]


def test_a_confirm_without_an_upload_is_a_conflict(auth_client, event):
    response = auth_client.post(f"/events/{event.pk}/image/confirm")

    assert (response.status_code, response.json()["code"]) == (409, "no_pending_upload")


@pytest.mark.parametrize("suffix", ["", "/upload", "/confirm"])
@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("attendee", 200), ("anonymous", 401)])
def test_options_describes_each_image_route(event, suffix, role, status):
    response = client_as(role, event).options(f"/events/{event.pk}/image{suffix}")

    assert response.status_code == status, response.content
