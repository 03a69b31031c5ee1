"""Local storage: PUT a JPEG, PNG or WebP; the task writes it without metadata and a thumbnail."""

import io

import pytest
from PIL import Image

from events.models import Event
from tests.events.images.images import ORIENTATION, image_bytes, put_image, stored_image, stored_names

pytestmark = pytest.mark.django_db

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@pytest.mark.parametrize("format_name", ["JPEG", "PNG", "WEBP"])
def test_owner_uploads_an_image_and_the_event_shows_it_and_its_thumbnail(auth_client, event, format_name):
    response = put_image(
        auth_client, event, image_bytes(format_name), name=f"cover.{EXTENSIONS[format_name]}"
    )

    assert response.status_code == 202, response.content
    assert response.json()["event"]["imageStatus"] == "processing"
    shown = auth_client.get(f"/events/{event.pk}").json()["event"]
    assert (shown["imageStatus"], shown["imageError"]) == ("ready", None)
    stored = Event.objects.get(pk=event.pk)
    assert shown["imageUrl"] == f"/media/{stored.image_name}"
    assert shown["thumbnailUrl"] == f"/media/{stored.thumbnail_name}"
    assert stored.image_name.endswith(f".{EXTENSIONS[format_name]}")
    image, thumbnail = stored_image(stored.image_name), stored_image(stored.thumbnail_name)
    assert (image.format, thumbnail.format) == (format_name, format_name)
    # Turned upright by its EXIF orientation, then written without EXIF.
    assert image.size == (300, 600)
    assert max(thumbnail.size) == 400
    for written in (image, thumbnail):
        assert ORIENTATION not in written.getexif()
        assert dict(written.getexif()) == {}
        assert "exif" not in written.info


def test_the_upload_is_deleted_once_processed(auth_client, event):
    put_image(auth_client, event, image_bytes())

    assert stored_names("uploads") == []
    assert Event.objects.get(pk=event.pk).image_upload_key == ""


def test_a_new_image_replaces_the_old_one_and_deletes_its_files(auth_client, event):
    put_image(auth_client, event, image_bytes())
    first = Event.objects.get(pk=event.pk)

    put_image(auth_client, event, image_bytes("PNG"), name="cover.png")

    second = Event.objects.get(pk=event.pk)
    assert second.image_name != first.image_name
    assert sorted(stored_names("events")) == sorted([second.image_name, second.thumbnail_name])


def test_an_image_larger_than_the_general_body_limit_is_accepted_up_to_the_image_limit(
    settings, auth_client, event
):
    settings.MAX_REQUEST_BODY_BYTES = 10_000
    noisy = Image.effect_noise((400, 400), 100).convert("RGB")
    data = _png(noisy)
    assert len(data) > 10_000

    response = put_image(auth_client, event, data, name="cover.png")

    assert response.status_code == 202, response.content
    assert auth_client.get(f"/events/{event.pk}").json()["event"]["imageStatus"] == "ready"


def test_other_requests_keep_the_general_body_limit(settings, auth_client, event):
    settings.MAX_REQUEST_BODY_BYTES = 100

    response = auth_client.patch(f"/events/{event.pk}", {"description": "x" * 200}, format="json")

    assert response.status_code == 413


def test_the_list_shows_the_new_image_at_once(auth_client, event):
    before = auth_client.get("/events").json()["events"][0]

    put_image(auth_client, event, image_bytes())

    after = auth_client.get("/events").json()["events"][0]
    assert (before["imageUrl"], before["imageStatus"]) == (None, "none")
    assert after["imageStatus"] == "ready" and after["imageUrl"]


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()
