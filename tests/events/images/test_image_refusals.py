"""What the checks refuse: not an image, a damaged one, too many pixels, too many bytes."""

import struct

import pytest

from events.images import processing
from events.models import Event
from tests.events.images.images import image_bytes, put_image, stored_names
from tests.helpers import assert_field_errors

pytestmark = pytest.mark.django_db


def shown(client, event) -> dict:
    return client.get(f"/events/{event.pk}").json()["event"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"just some text, not a picture", "The file is not a JPEG, PNG or WebP image."),
        (b"", "The file is not a JPEG, PNG or WebP image."),
        (image_bytes("GIF"), "The file is not a JPEG, PNG or WebP image."),
        (image_bytes()[:400], "The image file is damaged or incomplete."),
        (image_bytes("PNG")[:200], "The image file is damaged or incomplete."),
    ],
    ids=["text", "empty", "gif", "truncated-jpeg", "truncated-png"],
)
def test_a_file_that_does_not_decode_is_refused_and_deleted(auth_client, event, data, error):
    response = put_image(auth_client, event, data)

    assert response.status_code == 202, response.content
    event_json = shown(auth_client, event)
    assert (event_json["imageStatus"], event_json["imageError"]) == ("failed", error)
    assert (event_json["imageUrl"], event_json["thumbnailUrl"]) == (None, None)
    assert stored_names("uploads") == [] and stored_names("events") == []


def test_an_image_with_too_many_pixels_is_refused(settings, auth_client, event):
    settings.EVENT_IMAGE_MAX_PIXELS = 100 * 100

    put_image(auth_client, event, image_bytes(size=(101, 100)))

    event_json = shown(auth_client, event)
    assert event_json["imageStatus"] == "failed"
    assert event_json["imageError"] == "The image has more than 10000 pixels."
    assert stored_names("uploads") == []


def test_a_decompression_bomb_is_refused_without_decoding_it(auth_client, event):
    # 20000 x 20000 white pixels compress to a few kilobytes.
    put_image(auth_client, event, image_bytes("PNG", size=(20_000, 20_000), exif=False), name="bomb.png")

    assert shown(auth_client, event)["imageError"] == "The image has more than 40000000 pixels."


def test_a_file_over_the_size_limit_is_refused_at_once(settings, auth_client, event):
    settings.EVENT_IMAGE_MAX_BYTES = 1024
    data = image_bytes(size=(200, 200)) + b"\0" * 2048

    response = put_image(auth_client, event, data)

    errors = assert_field_errors(response, "image")
    assert errors["image"] == ["The file is larger than 1024 bytes."]
    assert stored_names("uploads") == []
    assert Event.objects.get(pk=event.pk).image_status == "none"


def test_a_body_far_over_the_image_limit_is_refused_before_it_is_read(settings, auth_client, event):
    settings.EVENT_IMAGE_MAX_BYTES = 1024
    settings.MAX_REQUEST_BODY_BYTES = 1024

    response = put_image(auth_client, event, b"\0" * 40_000)

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_a_refused_replacement_keeps_the_image_shown_before(auth_client, event):
    put_image(auth_client, event, image_bytes())
    before = shown(auth_client, event)

    put_image(auth_client, event, b"not an image")

    after = shown(auth_client, event)
    assert after["imageStatus"] == "failed"
    assert (after["imageUrl"], after["thumbnailUrl"]) == (before["imageUrl"], before["thumbnailUrl"])


def test_a_put_without_a_file_names_the_field(auth_client, event):
    response = auth_client.put(f"/events/{event.pk}/image", {}, format="multipart")

    assert_field_errors(response, "image")


def test_a_json_body_is_refused_as_an_unsupported_media_type(auth_client, event):
    response = auth_client.put(f"/events/{event.pk}/image", {"image": "x"}, format="json")

    assert response.status_code == 415


def test_an_error_of_any_kind_inside_pillow_refuses_the_file_without_failing_the_task(
    monkeypatch, auth_client, event
):
    def crafted(image):
        raise struct.error("unpack requires a buffer of 4 bytes")

    monkeypatch.setattr(processing.ImageOps, "exif_transpose", crafted)

    put_image(auth_client, event, image_bytes())

    event_json = shown(auth_client, event)
    assert (event_json["imageStatus"], event_json["imageError"]) == (
        "failed",
        "The image file is damaged or incomplete.",
    )
    assert stored_names("uploads") == [] and stored_names("events") == []
