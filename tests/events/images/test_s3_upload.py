"""S3 storage against the AWS emulator (moto server): presign, upload over HTTP, confirm, process,
and the URLs the event shows serve the images."""

import base64
import io
import json

import pytest
import requests
from PIL import Image

from tests.accounts.api.test_bodies_match_the_schema import assert_body_matches_schema
from tests.events.images.images import image_bytes
from tests.helpers.s3_media import MEDIA_BUCKET

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def objects(client, prefix: str) -> list[str]:
    listed = client.list_objects_v2(Bucket=MEDIA_BUCKET, Prefix=f"{prefix}/")
    return sorted(item["Key"] for item in listed.get("Contents", []))


def presign(client, event, content_type: str = "image/jpeg") -> dict:
    response = client.post(f"/events/{event.pk}/image/upload", {"contentType": content_type}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["upload"]


def send(upload: dict, data: bytes, content_type: str = "image/jpeg") -> requests.Response:
    files = {"file": ("cover", data, content_type)}
    return requests.post(upload["url"], data=upload["fields"], files=files, timeout=30)


def test_the_presigned_upload_limits_size_type_and_time_under_uploads(auth_client, event, s3_media, settings):
    upload = presign(auth_client, event)

    assert upload["key"].startswith(f"uploads/events/{event.pk}/")
    assert upload["fields"]["Content-Type"] == "image/jpeg"
    assert {"policy", "x-amz-signature"} <= set(upload["fields"])
    assert upload["maxBytes"] == settings.EVENT_IMAGE_MAX_BYTES
    assert upload["expiresIn"] == 300
    policy = json.loads(base64.b64decode(upload["fields"]["policy"]))
    assert ["content-length-range", 1, settings.EVENT_IMAGE_MAX_BYTES] in policy["conditions"]
    assert {"Content-Type": "image/jpeg"} in policy["conditions"]


def test_an_image_uploaded_to_s3_is_processed_and_served(auth_client, event, s3_media, s3_bucket):
    upload = presign(auth_client, event)
    assert send(upload, image_bytes()).status_code in (200, 201, 204)

    response = auth_client.post(f"/events/{event.pk}/image/confirm")

    assert response.status_code == 202, response.content
    shown = auth_client.get(f"/events/{event.pk}").json()["event"]
    assert (shown["imageStatus"], shown["imageError"]) == ("ready", None)
    image = requests.get(shown["imageUrl"], timeout=30)
    thumbnail = requests.get(shown["thumbnailUrl"], timeout=30)
    assert (image.status_code, thumbnail.status_code) == (200, 200)
    assert image.headers["Content-Type"] == "image/jpeg"
    served, small = Image.open(io.BytesIO(image.content)), Image.open(io.BytesIO(thumbnail.content))
    assert (served.format, served.size, dict(served.getexif())) == ("JPEG", (300, 600), {})
    assert max(small.size) == 400
    # The upload itself is gone: only the image and its thumbnail stay.
    assert [key.split("/")[1] for key in objects(s3_bucket, s3_media)] == ["events", "events"]


def test_an_upload_over_the_size_limit_is_refused_after_it_arrived(
    auth_client, event, s3_media, s3_bucket, settings
):
    settings.EVENT_IMAGE_MAX_BYTES = 2048
    upload = presign(auth_client, event)
    # The emulator does not enforce the policy's content-length-range: the check after upload does.
    assert send(upload, image_bytes(size=(200, 200)) + b"\0" * 4096).status_code in (200, 201, 204)

    auth_client.post(f"/events/{event.pk}/image/confirm")

    shown = auth_client.get(f"/events/{event.pk}").json()["event"]
    assert (shown["imageStatus"], shown["imageError"]) == ("failed", "The file is larger than 2048 bytes.")
    assert shown["imageUrl"] is None
    assert objects(s3_bucket, s3_media) == []


def test_a_confirm_before_the_file_arrived_is_a_conflict(auth_client, event, s3_media):
    presign(auth_client, event)

    response = auth_client.post(f"/events/{event.pk}/image/confirm")

    assert (response.status_code, response.json()["code"]) == (409, "upload_missing")


def test_a_new_presigned_upload_deletes_the_unconfirmed_one(auth_client, event, s3_media, s3_bucket):
    first = presign(auth_client, event)
    send(first, image_bytes())

    presign(auth_client, event)

    assert objects(s3_bucket, s3_media) == []


def test_deleting_the_image_deletes_both_objects(auth_client, event, s3_media, s3_bucket):
    send(presign(auth_client, event), image_bytes("PNG"), "image/png")
    auth_client.post(f"/events/{event.pk}/image/confirm")
    assert len(objects(s3_bucket, s3_media)) == 2

    assert auth_client.delete(f"/events/{event.pk}/image").status_code == 204

    assert objects(s3_bucket, s3_media) == []


def test_the_presigned_upload_and_confirm_answers_are_the_declared_bodies(
    schema, auth_client, event, s3_media
):
    path = f"/events/{event.pk}/image"
    upload = auth_client.post(f"{path}/upload", {"contentType": "image/webp"}, format="json")
    send(upload.json()["upload"], image_bytes("WEBP"), "image/webp")
    confirm = auth_client.post(f"{path}/confirm")

    assert (upload.status_code, confirm.status_code) == (200, 202)
    assert_body_matches_schema(schema, upload, "post", "/events/{eventId}/image/upload")
    assert_body_matches_schema(schema, confirm, "post", "/events/{eventId}/image/confirm")
