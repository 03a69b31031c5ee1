"""The event API accepts what its OpenAPI document offers and refuses what it rules out.

Found by schemathesis (``make fuzz``); each case here is one such disagreement, through HTTP.
"""

from urllib.parse import urlencode

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.factories import EventFactory
from tests.helpers import assert_field_errors

pytestmark = pytest.mark.django_db

EVENT_FIELDS = {"title": "Form launch", "date": "2031-06-01T10:00:00Z"}
URLENCODED = "application/x-www-form-urlencoded"


def form_post(client, path: str, fields: dict, *, multipart: bool, method: str = "post"):
    """The body a browser form (or any form client) sends: every value a string."""
    send = getattr(client, method)
    if multipart:
        return send(path, encode_multipart(BOUNDARY, fields), content_type=MULTIPART_CONTENT)
    return send(path, urlencode(fields), content_type=URLENCODED)


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
@pytest.mark.parametrize("path", ["/events", "/events/create"])
def test_capacity_sent_as_form_data_is_read_as_a_number(auth_client, path, multipart):
    response = form_post(auth_client, path, {**EVENT_FIELDS, "capacity": "10"}, multipart=multipart)

    assert response.status_code == 201, response.content
    assert response.json()["event"]["capacity"] == 10


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
def test_capacity_changed_through_a_form_patch_is_read_as_a_number(auth_client, event, multipart):
    response = form_post(
        auth_client, f"/events/{event.pk}", {"capacity": "25"}, multipart=multipart, method="patch"
    )

    assert response.status_code == 200, response.content
    assert response.json()["event"]["capacity"] == 25


def test_null_spelled_in_a_multipart_body_means_no_capacity_and_no_end(auth_client):
    fields = {**EVENT_FIELDS, "capacity": "null", "endDate": "null", "timezone": "null"}

    response = form_post(auth_client, "/events", fields, multipart=True)

    assert response.status_code == 201, response.content
    event = response.json()["event"]
    assert (event["capacity"], event["endDate"], event["timezone"]) == (None, None, None)


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
@pytest.mark.parametrize("field", ["location", "description", "title"])
def test_null_spelled_in_a_form_for_a_text_field_that_takes_no_null_is_refused_naming_it(
    auth_client, field, multipart
):
    response = form_post(auth_client, "/events/create", {**EVENT_FIELDS, field: "null"}, multipart=multipart)

    assert_field_errors(response, field)


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
def test_an_empty_status_in_a_form_patch_is_refused_not_ignored(auth_client, event, multipart):
    path = f"/events/{event.pk}"
    response = form_post(auth_client, path, {"status": ""}, multipart=multipart, method="patch")

    assert_field_errors(response, "status")
    event.refresh_from_db()
    assert event.status == "published"


@pytest.mark.parametrize("path", ["/events", "/users/me/rsvps"])
@pytest.mark.parametrize("page_size", ["abc", "0", "-5", "1e9", "2.5", ""])
def test_a_page_size_that_is_not_a_positive_whole_number_is_refused(auth_client, path, page_size):
    assert_field_errors(auth_client.get(path, {"pageSize": page_size}), "pageSize")


@pytest.mark.parametrize("query", ["page=last", "page=", "page=2&page=1", "page=abc&page="])
def test_only_one_page_number_is_a_page(auth_client, event, query):
    assert auth_client.get(f"/events/all?{query}").status_code == 404


def test_a_repeated_page_size_is_refused(auth_client, event):
    assert_field_errors(auth_client.get("/events?pageSize=2&pageSize=3"), "pageSize")


def test_attendees_refuse_a_malformed_page_size(auth_client, event):
    assert_field_errors(auth_client.get(f"/events/{event.pk}/attendees", {"pageSize": "x"}), "pageSize")


@pytest.mark.parametrize("spelling", ["hex", "urn", "braces"])
def test_created_by_takes_a_user_id_only_as_the_api_writes_it(auth_client, user, spelling):
    EventFactory(created_by=user)
    written = {"hex": user.pk.hex, "urn": user.pk.urn, "braces": f"{{{user.pk}}}"}[spelling]

    assert_field_errors(auth_client.get("/events", {"createdBy": written}), "createdBy")


@pytest.mark.parametrize("timezone", ["\u00a0", " ", "\t", " Europe/Paris", "Europe/Paris "])
@pytest.mark.parametrize("path", ["/events", "/events/create"])
def test_a_timezone_with_spaces_is_refused_not_read_as_none(auth_client, path, timezone):
    response = auth_client.post(path, {**EVENT_FIELDS, "timezone": timezone}, format="json")

    assert_field_errors(response, "timezone")
