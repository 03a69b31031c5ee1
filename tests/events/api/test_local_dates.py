"""Dates without an offset on event writes: read in the body's ``timezone``, else the event's, else UTC."""

import pytest

from tests.factories import EventFactory
from tests.helpers import assert_field_errors

pytestmark = pytest.mark.django_db

EVENT = {"title": "Standup", "location": "Oslo"}


@pytest.mark.parametrize("path", ["/events", "/events/create"])
def test_a_date_without_an_offset_is_read_in_the_timezone_of_the_body(auth_client, path):
    body = {**EVENT, "date": "2027-03-01T09:00:00", "endDate": "2027-03-01T10:30", "timezone": "Europe/Oslo"}

    response = auth_client.post(path, body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["event"]["date"] == "2027-03-01T08:00:00.000Z"
    assert response.json()["event"]["endDate"] == "2027-03-01T09:30:00.000Z"


def test_a_date_without_an_offset_from_a_form_is_read_in_the_timezone_of_the_form(auth_client):
    body = {**EVENT, "date": "2027-07-01T09:00", "timezone": "America/New_York"}

    response = auth_client.post("/events", body, format="multipart")

    assert response.status_code == 201, response.content
    assert response.json()["event"]["date"] == "2027-07-01T13:00:00.000Z"


@pytest.mark.parametrize("timezone", ["", None])
def test_a_date_without_an_offset_and_no_timezone_is_utc(auth_client, timezone):
    body = {**EVENT, "date": "2027-03-01T09:00:00", "timezone": timezone}

    response = auth_client.post("/events", body, format="json")

    assert response.json()["event"]["date"] == "2027-03-01T09:00:00.000Z"


def test_a_date_with_an_offset_keeps_it_whatever_the_timezone(auth_client):
    body = {**EVENT, "date": "2027-03-01T09:00:00+02:00", "timezone": "Europe/Oslo"}

    response = auth_client.post("/events", body, format="json")

    assert response.json()["event"]["date"] == "2027-03-01T07:00:00.000Z"


@pytest.mark.parametrize("method", ["patch", "put"])
def test_an_update_reads_a_date_without_an_offset_in_the_stored_timezone(auth_client, user, method):
    event = EventFactory(created_by=user, time_zone="Asia/Tokyo", date="2027-01-01T00:00:00Z")
    body = {"date": "2027-05-01T18:00:00"} if method == "patch" else {**EVENT, "date": "2027-05-01T18:00:00"}

    response = getattr(auth_client, method)(f"/events/{event.pk}", body, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["event"]["date"] == "2027-05-01T09:00:00.000Z"


def test_an_update_reads_a_date_without_an_offset_in_the_new_timezone_of_the_body(auth_client, user):
    event = EventFactory(created_by=user, time_zone="Asia/Tokyo")

    response = auth_client.patch(
        f"/events/{event.pk}", {"date": "2027-05-01T18:00:00", "timezone": "Europe/London"}, format="json"
    )

    assert response.json()["event"]["date"] == "2027-05-01T17:00:00.000Z"


def test_changing_only_the_timezone_keeps_the_instant(auth_client, user):
    event = EventFactory(created_by=user, time_zone="Asia/Tokyo", date="2027-05-01T09:00:00Z")

    response = auth_client.patch(f"/events/{event.pk}", {"timezone": "America/Chicago"}, format="json")

    assert response.json()["event"]["date"] == "2027-05-01T09:00:00.000Z"
    assert response.json()["event"]["timezone"] == "America/Chicago"


def test_a_local_time_the_clocks_skip_is_400_naming_the_date(auth_client):
    body = {**EVENT, "date": "2027-03-28T02:30:00", "timezone": "Europe/Oslo"}

    errors = assert_field_errors(auth_client.post("/events", body, format="json"), "date")

    assert "does not exist in Europe/Oslo" in errors["date"][0]


def test_a_local_time_the_clocks_repeat_is_the_first_of_the_two(auth_client):
    body = {**EVENT, "date": "2027-10-31T02:30:00", "timezone": "Europe/Oslo"}

    response = auth_client.post("/events", body, format="json")

    assert response.json()["event"]["date"] == "2027-10-31T00:30:00.000Z"


def test_list_bounds_without_an_offset_stay_utc(auth_client, user):
    EventFactory(created_by=user, title="early", time_zone="Asia/Tokyo", date="2027-05-01T08:00:00Z")
    EventFactory(created_by=user, title="late", time_zone="Asia/Tokyo", date="2027-05-01T10:00:00Z")

    response = auth_client.get("/events", {"from": "2027-05-01T09:00:00"})

    assert [item["title"] for item in response.json()["events"]] == ["late"]
