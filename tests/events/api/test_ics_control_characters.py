"""Control characters, which RFC 5545 forbids in iCalendar text: refused at input, never output."""

import re

import icalendar
import pytest

from tests.events.admin_forms import change_form, change_path
from tests.factories import EventFactory, RsvpFactory
from tests.helpers import assert_field_errors

pytestmark = pytest.mark.django_db

VALID = {"title": "Meetup", "date": "2030-03-01T18:00:00.000Z"}
# RFC 5545's CONTROL: every control character but TAB. CR and LF only end content lines.
FORBIDDEN_BYTES = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def ics_without_line_ends(response) -> bytes:
    assert response.status_code == 200, response.content
    icalendar.Calendar.from_ical(response.content)
    return response.content.replace(b"\r\n", b"")


@pytest.mark.parametrize("character", ["\x07", "\x1b", "\x7f", "\x0b"])
@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Launch{}party"), ("description", "Bring{}snacks"), ("location", "Hall{}1")],
)
def test_text_with_control_characters_is_400_naming_the_field(auth_client, user, field, value, character):
    created = auth_client.post("/events", {**VALID, field: value.format(character)}, format="json")
    event = EventFactory(created_by=user)
    patched = auth_client.patch(f"/events/{event.pk}", {field: value.format(character)}, format="json")

    assert_field_errors(created, field)
    assert_field_errors(patched, field)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_a_timezone_with_control_characters_is_400_naming_it(auth_client, character):
    response = auth_client.post("/events", {**VALID, "timezone": f"Europe/Berlin{character}"}, format="json")

    assert_field_errors(response, "timezone")


def test_tabs_and_line_breaks_are_accepted_and_escaped(auth_client):
    body = {**VALID, "title": "Launch\tparty", "description": "Line one\nLine two\r\nLine three"}
    event = auth_client.post("/events", body, format="json").json()["event"]

    content = ics_without_line_ends(auth_client.get(f"/events/{event['eventId']}/ics"))

    assert b"SUMMARY:Launch\tparty" in content
    assert b"DESCRIPTION:Line one\\nLine two\\nLine three" in content
    assert not FORBIDDEN_BYTES.search(content)


def stored_with_control_characters(**fields):
    """An event as legacy imports or direct writes may have stored it."""
    text = {
        "title": "Launch\x00\x07party\x1b",
        "description": "Bring\x0bsnacks\nand\x7f drinks",
        "location": "Hall\x1b 1",
    }
    return EventFactory(date="2030-07-01T08:00:00Z", **{**text, **fields})


@pytest.mark.parametrize("time_zone", ["", "Europe/Berlin\x07"])
def test_event_ics_strips_stored_control_characters(auth_client, time_zone):
    event = stored_with_control_characters(time_zone=time_zone)

    response = auth_client.get(f"/events/{event.pk}/ics")

    assert not FORBIDDEN_BYTES.search(ics_without_line_ends(response))
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Launchparty"
    assert str(vevent["DESCRIPTION"]) == "Bringsnacks\nand drinks"
    assert str(vevent["LOCATION"]) == "Hall 1"
    assert vevent["DTSTART"].params.get("TZID") == ("Europe/Berlin" if time_zone else None)


def test_the_calendar_feed_strips_stored_control_characters(auth_client, api_client, user):
    user.name = "Ada\x1b[31m"
    user.save(update_fields=["name"])
    RsvpFactory(event=stored_with_control_characters(), user=user)
    url = auth_client.get("/users/me/calendar-key").json()["calendarKey"]["url"]

    content = ics_without_line_ends(api_client.get(url))

    assert not FORBIDDEN_BYTES.search(content)
    assert b"SUMMARY:Launchparty" in content
    assert b"X-WR-CALNAME:Ada[31m" in content


def test_an_unknown_stored_time_zone_falls_back_to_utc(auth_client):
    event = EventFactory(time_zone="Mars/Olympus", date="2030-07-01T08:00:00Z")

    content = ics_without_line_ends(auth_client.get(f"/events/{event.pk}/ics"))

    assert b"DTSTART:20300701T080000Z" in content


def test_the_admin_refuses_text_with_control_characters(admin_site_client):
    event = EventFactory(title="Launch")

    response = admin_site_client.post(change_path(event), change_form(event, title="Launch\x07party"))

    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"title"}
    event.refresh_from_db()
    assert event.title == "Launch"


@pytest.mark.parametrize("separator", ["\x1c", "\x1d", "\x1e", "\x1f"])
def test_a_trailing_ascii_separator_is_refused_not_trimmed_away(auth_client, separator):
    body = {"title": "Meetup", "date": "2030-01-01T10:00:00Z", "description": "Q~^" + separator}

    assert_field_errors(auth_client.post("/events/create", body, format="json"), "description")
