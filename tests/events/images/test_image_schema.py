"""The OpenAPI document describes the image routes as they answer, in each storage mode."""

import pytest

from tests.accounts.api.test_bodies_match_the_schema import assert_body_matches_schema
from tests.events.images.images import image_bytes, put_image

pytestmark = pytest.mark.django_db

IMAGE = "/events/{eventId}/image"


def test_the_upload_is_multipart_with_a_binary_image_field(schema):
    body = schema["paths"][IMAGE]["put"]["requestBody"]["content"]

    assert list(body) == ["multipart/form-data"]
    component = schema["components"]["schemas"][body["multipart/form-data"]["schema"]["$ref"].split("/")[-1]]
    assert component["properties"]["image"] == {
        "type": "string",
        "format": "binary",
        "description": "A JPEG, PNG or WebP file.",
    }
    assert component["required"] == ["image"]


def test_the_image_routes_document_their_answers(schema):
    put, delete = schema["paths"][IMAGE]["put"]["responses"], schema["paths"][IMAGE]["delete"]["responses"]
    upload = schema["paths"][f"{IMAGE}/upload"]["post"]["responses"]
    confirm = schema["paths"][f"{IMAGE}/confirm"]["post"]["responses"]

    assert {"202", "400", "401", "403", "404", "413"} <= set(put)
    assert {"204", "401", "403", "404"} <= set(delete)
    assert {"200", "400", "401", "403", "404", "409"} <= set(upload)
    assert "direct_upload_unavailable" in upload["409"]["description"]
    assert {"no_pending_upload", "upload_missing"} <= set(
        confirm["409"]["description"].replace("`", " ").split()
    )
    for operation in (put, delete, upload, confirm):
        assert "<" not in str(operation) and ">" not in str(operation)


def test_the_event_documents_its_image_fields(schema):
    event = schema["components"]["schemas"]["Event"]

    for name in ("imageUrl", "thumbnailUrl", "imageError"):
        assert event["properties"][name]["nullable"] is True
    assert schema["components"]["schemas"]["ImageStatusEnum"]["enum"] == [
        "none",
        "processing",
        "ready",
        "failed",
    ]
    assert {"imageUrl", "thumbnailUrl", "imageStatus", "imageError"} <= set(event["required"])


def test_each_image_answer_is_the_body_its_operation_declares(schema, auth_client, event):
    path = f"/events/{event.pk}/image"
    answers = [
        ("put", IMAGE, put_image(auth_client, event, image_bytes())),
        ("put", IMAGE, auth_client.put(path, {}, format="multipart")),
        (
            "post",
            f"{IMAGE}/upload",
            auth_client.post(f"{path}/upload", {"contentType": "image/png"}, format="json"),
        ),
        (
            "post",
            f"{IMAGE}/upload",
            auth_client.post(f"{path}/upload", {"contentType": "image/gif"}, format="json"),
        ),
        ("post", f"{IMAGE}/confirm", auth_client.post(f"{path}/confirm")),
        ("delete", IMAGE, auth_client.delete(path)),
    ]
    shown = auth_client.get(f"/events/{event.pk}")
    answers.append(("get", "/events/{eventId}", shown))

    assert [status for _, _, answer in answers for status in [answer.status_code]] == [
        202,
        400,
        409,
        400,
        409,
        204,
        200,
    ]
    for method, template, answer in answers:
        assert_body_matches_schema(schema, answer, method, template)
