"""iCalendar output of one event and of the personal feed, parsed with icalendar."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from events.models import Event
from tests.factories import EventFactory, RsvpFactory
from tests.helpers import assert_error, rsvp_path

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar: icalendar.Calendar) -> list:
    return calendar.walk("VEVENT")


def test_event_ics_is_an_rfc5545_calendar_in_utc(auth_client):
    event = EventFactory(
        title="Launch", location="Hall 1", date="2030-05-01T09:00:00Z", end_date="2030-05-01T11:30:00Z"
    )

    response = auth_client.get(f"/events/{event.pk}/ics")
    calendar = parse(response)

    assert str(calendar["VERSION"]) == "2.0"
    (vevent,) = vevents(calendar)
    assert str(vevent["UID"]) == f"{event.pk}@eventsite"
    assert (str(vevent["SUMMARY"]), str(vevent["LOCATION"]), str(vevent["STATUS"])) == (
        "Launch",
        "Hall 1",
        "CONFIRMED",
    )
    assert vevent.decoded("DTSTART") == datetime(2030, 5, 1, 9, tzinfo=UTC)
    assert vevent.decoded("DTEND") == datetime(2030, 5, 1, 11, 30, tzinfo=UTC)
    assert b"DTSTART:20300501T090000Z" in response.content


def test_event_ics_uses_the_events_time_zone_with_a_vtimezone(auth_client):
    event = EventFactory(date="2030-07-01T08:00:00Z", time_zone="Europe/Berlin")

    calendar = parse(auth_client.get(f"/events/{event.pk}/ics", HTTP_ACCEPT="text/calendar"))

    (vevent,) = vevents(calendar)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART") == datetime(2030, 7, 1, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_the_uid_is_stable_across_edits(auth_client, user):
    event = EventFactory(created_by=user)
    before = vevents(parse(auth_client.get(f"/events/{event.pk}/ics")))[0]["UID"]
    auth_client.patch(f"/events/{event.pk}", {"title": "Renamed"}, format="json")

    after = vevents(parse(auth_client.get(f"/events/{event.pk}/ics")))[0]

    assert (after["UID"], str(after["SUMMARY"])) == (before, "Renamed")


def test_cancelled_event_ics_says_cancelled(auth_client):
    event = EventFactory(status=Event.Status.CANCELLED)

    assert str(vevents(parse(auth_client.get(f"/events/{event.pk}/ics")))[0]["STATUS"]) == "CANCELLED"


def test_event_ics_errors_are_json_envelopes(auth_client, api_client, event):
    assert_error(api_client.get(f"/events/{event.pk}/ics", HTTP_ACCEPT="text/calendar"), 401)
    assert_error(auth_client.get(f"/events/{EventFactory(status='draft').pk}/ics"), 404)


def feed_url(client) -> str:
    response = client.get("/users/me/calendar-key")
    assert response.status_code == 200
    return response.json()["calendarKey"]["url"]


def test_personal_feed_lists_events_one_is_going_to_without_a_bearer_header(auth_client, api_client, user):
    going = EventFactory(title="going")
    waitlisted = EventFactory(title="waitlisted", capacity=1)
    RsvpFactory(event=waitlisted)
    EventFactory(title="not signed up")
    auth_client.post(rsvp_path(going))
    auth_client.post(rsvp_path(waitlisted))

    calendar = parse(api_client.get(feed_url(auth_client)))

    assert [str(vevent["SUMMARY"]) for vevent in vevents(calendar)] == ["going"]


def test_the_feed_key_is_stable_until_rotated(auth_client):
    assert feed_url(auth_client) == feed_url(auth_client)


def test_rotating_the_key_retires_the_old_feed_url(auth_client, api_client):
    old = feed_url(auth_client)

    rotated = auth_client.post("/users/me/calendar-key")

    assert rotated.status_code == 200
    assert rotated.json()["calendarKey"]["url"] != old
    assert_error(api_client.get(old), 404, "not_found")
    parse(api_client.get(rotated.json()["calendarKey"]["url"]))


def test_revoking_the_key_retires_the_feed(auth_client, api_client):
    old = feed_url(auth_client)

    assert auth_client.delete("/users/me/calendar-key").status_code == 204
    assert_error(api_client.get(old), 404)


@pytest.mark.parametrize(
    "query", ["", "?key=", "?key=not-a-uuid", "?key=2b1f1d3e-7f43-4a43-9a52-0d6f5c8a1c11"]
)
def test_feed_with_a_missing_or_unknown_key_is_a_404_envelope(api_client, query):
    assert_error(
        api_client.get("/users/me/calendar.ics" + query, HTTP_ACCEPT="text/calendar"), 404, "not_found"
    )


def test_calendar_key_needs_authentication(api_client):
    assert_error(api_client.get("/users/me/calendar-key"), 401)
