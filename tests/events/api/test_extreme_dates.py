"""Dates at the ends of what a datetime holds (years 1 and 9999): answers, never an OverflowError.

A moment that is not in years 1 to 9999 once converted to UTC cannot be stored or compared: it is
400 naming its parameter or field. A valid date whose meaning reaches past the end of time (a
bare ``to=9999-12-31``, "up to the end of that day") is simply no upper bound.
"""

import pytest

from tests.factories import EventFactory
from tests.helpers import assert_field_errors, titles

pytestmark = pytest.mark.django_db

EVENT = {"title": "At the edge", "location": "Oslo"}


def as_query(value) -> str | None:
    """Test ids: a dict of parameters or fields as ``key=value&…``."""
    return "&".join(f"{key}={item}" for key, item in value.items()) if isinstance(value, dict) else None


@pytest.fixture
def first_and_last_events():
    EventFactory(title="first", date="0001-01-01T00:00:00Z")
    EventFactory(title="middle", date="2030-01-01T10:00:00Z")
    EventFactory(title="last", date="9999-12-31T23:59:59.999Z")


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("from", "0001-01-01T00:00:00+05:00"),
        ("from", "9999-12-31T23:59:59-05:00"),
        ("to", "0001-01-01T00:00:00+05:00"),
        ("to", "9999-12-31T23:59:59-05:00"),
    ],
)
def test_a_list_bound_outside_the_years_1_to_9999_in_utc_is_400_naming_it(auth_client, param, value):
    errors = assert_field_errors(auth_client.get("/events", {param: value}), param)

    assert errors[param] == ["Datetime value out of range."]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"to": "9999-12-31"}, ["first", "middle", "last"]),
        ({"to": "9999-12-30"}, ["first", "middle"]),
        ({"to": "0001-01-01"}, ["first"]),
        ({"to": "9999-12-31T23:59:59.999999Z"}, ["first", "middle", "last"]),
        ({"from": "0001-01-01"}, ["first", "middle", "last"]),
        ({"from": "0001-01-01T05:00:00+05:00"}, ["first", "middle", "last"]),
        ({"from": "9999-12-31T18:59:59.999-05:00"}, ["last"]),
        ({"from": "9999-12-31", "to": "9999-12-31"}, ["last"]),
    ],
    ids=as_query,
)
def test_list_bounds_at_the_first_and_last_representable_days_select_the_right_events(
    auth_client, first_and_last_events, params, expected
):
    assert titles(auth_client, **params) == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "0001-01-01T00:00:00+05:00"}, "date"),
        ({"date": "9999-12-31T23:59:59-05:00"}, "date"),
        ({"date": "2030-01-01T10:00:00Z", "endDate": "9999-12-31T23:59:59-05:00"}, "endDate"),
        ({"date": "9999-12-31T23:00:00Z", "timezone": "Pacific/Kiritimati"}, "date"),
        ({"date": "0001-01-01T00:00:00Z", "timezone": "America/New_York"}, "date"),
        (
            {"date": "2030-01-01T10:00:00Z", "endDate": "9999-12-31T23:00:00Z", "timezone": "Asia/Tokyo"},
            "endDate",
        ),
    ],
    ids=as_query,
)
def test_an_event_date_outside_the_years_1_to_9999_in_utc_or_its_zone_is_400_naming_it(
    auth_client, body, field
):
    assert_field_errors(auth_client.post("/events", {**EVENT, **body}, format="json"), field)


def test_a_time_zone_that_would_move_a_stored_date_out_of_range_is_400_naming_it(auth_client, user):
    event = EventFactory(created_by=user, date="9999-12-31T23:00:00Z")

    response = auth_client.patch(f"/events/{event.pk}", {"timezone": "Pacific/Kiritimati"}, format="json")

    assert_field_errors(response, "timezone")


@pytest.mark.parametrize(
    "body",
    [
        {"date": "0001-01-01T00:00:00Z"},
        {"date": "9999-12-31T23:59:59.999Z"},
        {"date": "0001-01-01T05:00:00+05:00", "endDate": "9999-12-31T18:59:59.999-05:00"},
        {"date": "0001-01-02T00:00:00Z", "timezone": "America/New_York"},
        {"date": "9999-12-30T23:00:00Z", "timezone": "Pacific/Kiritimati"},
    ],
    ids=as_query,
)
def test_events_on_the_first_and_last_representable_days_are_created_and_export_to_icalendar(
    auth_client, body
):
    created = auth_client.post("/events", {**EVENT, **body}, format="json")
    assert created.status_code == 201, created.content

    calendar = auth_client.get(f"/events/{created.json()['event']['eventId']}/ics")

    assert calendar.status_code == 200
    assert b"BEGIN:VEVENT" in calendar.content
