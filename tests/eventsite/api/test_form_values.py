"""A form or multipart body means what the same JSON would: a single-valued field sent twice is
an array (DRF alone keeps the last value), and ``true``/``false`` are booleans, refused where a
string is due."""

from urllib.parse import urlencode

import pytest
from django.test.client import encode_multipart

from tests.helpers import assert_field_errors

pytestmark = pytest.mark.django_db

MULTIPART = "multipart/form-data; boundary=BoUnDaRy"
URLENCODED = "application/x-www-form-urlencoded"


def multipart(fields) -> bytes:
    return encode_multipart("BoUnDaRy", fields)


def test_an_api_key_with_its_expiry_given_twice_is_refused(auth_client):
    body = multipart({"name": "CRM", "scopes": "events:read", "expiresAt": ["null", "null"]})

    response = auth_client.generic("POST", "/users/me/api-keys", body, content_type=MULTIPART)

    assert_field_errors(response, "expiresAt")


def test_an_api_key_with_its_expiry_given_once_as_null_is_made(auth_client):
    body = multipart({"name": "CRM", "scopes": "events:read", "expiresAt": "null"})

    response = auth_client.generic("POST", "/users/me/api-keys", body, content_type=MULTIPART)

    assert response.status_code == 201
    assert response.json()["apiKey"]["expiresAt"] is None


@pytest.mark.parametrize(
    ("field", "values"),
    [("title", ["One", "Two"]), ("capacity", ["5", "6"]), ("endDate", ["null", "null"])],
)
def test_an_event_patch_with_a_field_given_twice_is_refused_and_changes_nothing(
    auth_client, event, field, values
):
    body = urlencode({field: values}, doseq=True)

    response = auth_client.generic("PATCH", f"/events/{event.pk}", body, content_type=URLENCODED)

    assert_field_errors(response, field)
    before = event.title
    event.refresh_from_db()
    assert event.title == before


@pytest.mark.parametrize("literal", ["true", "false"])
def test_an_api_key_named_true_or_false_in_a_form_is_refused_as_json_would_be(auth_client, literal):
    body = multipart({"name": literal, "scopes": "events:read"})

    response = auth_client.generic("POST", "/users/me/api-keys", body, content_type=MULTIPART)

    assert_field_errors(response, "name")


def test_the_word_true_is_a_name_in_json(auth_client):
    response = auth_client.post(
        "/users/me/api-keys", {"name": "true", "scopes": ["events:read"]}, format="json"
    )

    assert response.status_code == 201, response.content
