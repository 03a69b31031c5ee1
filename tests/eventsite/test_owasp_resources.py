"""OWASP API4 (unrestricted resource consumption): sizes, rates, pages, nesting, dates and races
are bounded, and refused by name (groups in ``test_owasp_access.py``).
"""

import re
from collections import Counter

import pytest

from events.models import Event
from tests.eventsite.owasp import EVENT_BODY
from tests.factories import EventFactory, create_events
from tests.helpers import assert_error, bearer_client, rsvp_race, set_throttle_rates

pytestmark = pytest.mark.django_db


# API4: unrestricted resource consumption


def test_api4_page_size_is_capped(auth_client, user):
    create_events(501, created_by=user)

    body = auth_client.get("/events", {"pageSize": 100000}).json()

    assert body["count"] == 501
    assert len(body["events"]) == 500


def test_api4_oversized_bodies_are_refused_before_parsing(auth_client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = auth_client.post("/events", {**EVENT_BODY, "description": "x" * 2000}, format="json")

    assert_error(response, 413)


@pytest.mark.parametrize(
    ("field", "value"), [("title", "t" * 201), ("description", "d" * 5001), ("location", "l" * 256)]
)
def test_api4_string_lengths_are_bounded(auth_client, field, value):
    response = auth_client.post("/events", {**EVENT_BODY, field: value}, format="json")

    assert set(assert_error(response, 400, "invalid")["errors"]) == {field}


def test_api4_register_and_login_are_rate_limited(api_client, settings, monkeypatch):
    set_throttle_rates(settings, monkeypatch, auth="2/min")
    body = {"email": "someone@example.com", "password": "wrong"}
    statuses = [api_client.post("/users/login", body, format="json").status_code for _ in range(3)]

    assert statuses[:2] == [401, 401]
    response = api_client.post("/users/register", {"name": "N", **body}, format="json")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("q", "x" * 201),
        ("location", "l" * 256),
        ("from", "9" * 5000),
        ("to", "99999-01-01T00:00:00Z"),
        ("createdBy", "u" * 5000),
        ("ordering", "password"),
    ],
)
def test_api4_list_query_parameters_are_bounded_and_named(auth_client, param, value):
    response = auth_client.get("/events", {param: value})

    assert set(assert_error(response, 400, "invalid")["errors"]) == {param}


@pytest.mark.parametrize("page_size", ["-5", "abc", "1e9"])
def test_api4_malformed_page_sizes_are_refused_by_name(auth_client, page_size):
    response = auth_client.get("/events", {"pageSize": page_size})

    assert set(assert_error(response, 400, "invalid")["errors"]) == {"pageSize"}


def test_api4_huge_page_numbers_are_404_not_errors(auth_client):
    assert_error(auth_client.get("/events", {"page": "9" * 30}), 404, "not_found")


@pytest.mark.parametrize("capacity", [10**30, 1_000_001])
def test_api4_capacity_is_bounded(auth_client, capacity):
    response = auth_client.post("/events", {**EVENT_BODY, "capacity": capacity}, format="json")

    assert set(assert_error(response, 400, "invalid")["errors"]) == {"capacity"}


def test_api4_general_request_rates_apply_to_users_and_anonymous_clients(
    settings, monkeypatch, auth_client, api_client
):
    set_throttle_rates(settings, monkeypatch, user="1/min", anon="1/min")

    assert auth_client.get("/events").status_code == 200
    assert api_client.get("/health").status_code == 200
    assert_error(auth_client.get("/events"), 429, "throttled")
    assert_error(api_client.get("/health"), 429, "throttled")


# Security issue: deeply nested JSON bodies, dates at the ends of the calendar


@pytest.mark.parametrize("path", ["/users/register", "/users/login"])
def test_api4_a_deeply_nested_json_body_is_a_400_parse_error_not_a_500(api_client, path):
    response = api_client.generic("POST", path, "[" * 2000 + "]" * 2000, content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_api4_list_dates_at_the_ends_of_the_calendar_are_400_naming_the_parameter_or_answered(
    auth_client, event
):
    everything = auth_client.get("/events", {"to": "9999-12-31"})
    out_of_range = [("from", "0001-01-01T00:00:00+05:00"), ("to", "9999-12-31T23:59:59-05:00")]

    assert everything.status_code == 200 and everything.json()["count"] == 1
    for param, value in out_of_range:
        errors = assert_error(auth_client.get("/events", {param: value}), 400, "invalid")["errors"]
        assert set(errors) == {param}


# Security issue: drafts that strand attendees, capacity below attendance, control characters in iCalendar


def test_api1_an_event_with_rsvps_cannot_go_back_to_draft_and_strand_its_attendees(
    auth_client, other_user, event
):
    attendee = bearer_client(other_user)
    assert attendee.post(f"/events/{event.pk}/rsvp").status_code == 201

    response = auth_client.patch(f"/events/{event.pk}", {"status": "draft"}, format="json")

    assert_error(response, 409, "event_has_rsvps")
    assert Event.objects.get(pk=event.pk).status == "published"
    assert attendee.delete(f"/events/{event.pk}/rsvp").status_code == 204


def test_api4_capacity_below_the_people_going_is_400_naming_capacity(auth_client, user):
    from tests.factories import UserFactory

    event = EventFactory(created_by=user, capacity=5)
    for attendee in UserFactory.create_batch(3):
        assert bearer_client(attendee).post(f"/events/{event.pk}/rsvp").status_code == 201

    response = auth_client.patch(f"/events/{event.pk}", {"capacity": 1}, format="json")

    assert set(assert_error(response, 400, "invalid")["errors"]) == {"capacity"}
    assert Event.objects.get(pk=event.pk).capacity == 5


def test_api8_calendar_output_never_carries_control_characters(auth_client):
    refused = auth_client.post("/events", {**EVENT_BODY, "title": "Launch\x07party\x1b"}, format="json")
    stored = EventFactory(
        title="Legacy\x00\x07title", description="Line\x1b one\nLine two", location="Hall\x7f"
    )

    response = auth_client.get(f"/events/{stored.pk}/ics")

    assert set(assert_error(refused, 400, "invalid")["errors"]) == {"title"}
    assert response.status_code == 200
    assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", response.content.replace(b"\r\n", b""))
    assert b"SUMMARY:Legacytitle" in response.content


# Security issue: concurrent idempotent RSVPs on SQLite


def test_api4_concurrent_rsvps_with_idempotency_keys_all_answer_and_fill_the_seats_exactly(
    tmp_path, mongo_server
):
    senders, capacity = 20, 3

    result = rsvp_race(tmp_path, mongo_server, attendees=senders, capacity=capacity, keyed=True)

    answers = Counter(map(tuple, result["answers"]))
    assert answers == {(201, "going"): capacity, (201, "waitlisted"): senders - capacity}, result["answers"]
    assert Counter(result["stored"]) == {"going": capacity, "waitlisted": senders - capacity}
    assert result["goingCount"] == capacity
    assert result["keys"] == [201] * senders  # each key's answer stored with its RSVP
