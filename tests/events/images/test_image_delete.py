"""DELETE /events/{eventId}/image: both files go, the URLs clear."""

import pytest

from tests.events.images.images import image_bytes, put_image, stored_names

pytestmark = pytest.mark.django_db


def test_owner_removes_the_image_and_both_files_are_deleted(auth_client, event):
    put_image(auth_client, event, image_bytes())
    assert len(stored_names("events")) == 2

    response = auth_client.delete(f"/events/{event.pk}/image")

    assert response.status_code == 204
    event_json = auth_client.get(f"/events/{event.pk}").json()["event"]
    assert (event_json["imageUrl"], event_json["thumbnailUrl"], event_json["imageStatus"]) == (
        None,
        None,
        "none",
    )
    assert stored_names("events") == []


def test_removing_an_event_without_an_image_answers_204(auth_client, event):
    assert auth_client.delete(f"/events/{event.pk}/image").status_code == 204


def test_an_unknown_event_is_404(auth_client):
    assert auth_client.delete("/events/00000000-0000-0000-0000-000000000000/image").status_code == 404
    assert auth_client.delete("/events/not-an-id/image").status_code == 404


def test_deleting_the_event_deletes_its_image_files(auth_client, event):
    put_image(auth_client, event, image_bytes())

    assert auth_client.delete(f"/events/{event.pk}").status_code == 204

    assert stored_names("events") == []
