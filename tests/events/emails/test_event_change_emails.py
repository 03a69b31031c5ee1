"""Attendees hear when their event moves, changes place, is cancelled or deleted."""

import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from events.models import Rsvp
from tests.events.admin_forms import change_form, change_path
from tests.events.emails.conftest import attachment_named, emails_to, html_of
from tests.events.emails.failing_backend import REFUSED
from tests.factories import EventFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendees(published_event):
    going = RsvpFactory(event=published_event).user
    waiting = RsvpFactory(event=published_event, status=Rsvp.Status.WAITLISTED).user
    return going, waiting


def test_a_new_location_tells_every_attendee_what_changed(auth_client, published_event, attendees):
    response = auth_client.patch(f"/events/{published_event.pk}", {"location": "Hall B"}, format="json")

    assert response.status_code == 200, response.content
    for attendee in attendees:
        (message,) = emails_to(attendee)
        assert message.subject == "Changed: Tom & Jerry's Meetup"
        assert "- Location: Hall A -> Hall B" in message.body
        assert "<s>Hall A</s> &rarr; <strong>Hall B</strong>" in html_of(message)
        assert "LOCATION:Hall B" in attachment_named(message, ".ics")[1]


def test_a_new_date_is_told_old_and_new_in_the_events_time_zone(auth_client, published_event, attendees):
    response = auth_client.patch(
        f"/events/{published_event.pk}", {"date": "2031-06-01T16:30:00Z"}, format="json"
    )

    assert response.status_code == 200, response.content
    message = emails_to(attendees[0])[0]
    old = published_event.date.astimezone(ZoneInfo("Europe/Berlin"))
    assert f"- Starts: {old:%A} {old.day} {old:%B %Y, %H:%M} (Europe/Berlin)" in message.body
    assert "-> Sunday 1 June 2031, 18:30 (Europe/Berlin)" in message.body


def test_an_edit_of_the_title_alone_emails_nobody(auth_client, published_event, attendees, mailoutbox):
    response = auth_client.patch(f"/events/{published_event.pk}", {"title": "Renamed"}, format="json")

    assert response.status_code == 200, response.content
    assert mailoutbox == []


def test_cancelling_emails_every_attendee_with_the_cancelled_calendar_entry(
    auth_client, published_event, attendees
):
    response = auth_client.patch(f"/events/{published_event.pk}", {"status": "cancelled"}, format="json")

    assert response.status_code == 200, response.content
    for attendee in attendees:
        (message,) = emails_to(attendee)
        assert message.subject == "Cancelled: Tom & Jerry's Meetup"
        assert "has been cancelled by its organizer" in message.body
        assert "STATUS:CANCELLED" in attachment_named(message, ".ics")[1]
        assert "/users/email/unsubscribe?token=" in message.body


def test_deleting_emails_every_attendee_that_it_will_not_take_place(auth_client, published_event, attendees):
    response = auth_client.delete(f"/events/{published_event.pk}")

    assert response.status_code == 204, response.content
    for attendee in attendees:
        (message,) = emails_to(attendee)
        assert "cancelled and removed by its organizer" in message.body
        assert message.attachments == []


def test_an_attendee_who_turned_event_changes_off_is_not_told(auth_client, published_event, attendees):
    quiet = RsvpFactory(event=published_event, user=UserFactory(email_event_changes=False)).user

    response = auth_client.patch(f"/events/{published_event.pk}", {"status": "cancelled"}, format="json")

    assert response.status_code == 200, response.content
    assert emails_to(quiet) == []
    assert all(len(emails_to(attendee)) == 1 for attendee in attendees)


def test_an_address_the_mail_server_refuses_does_not_stop_or_repeat_the_others(
    auth_client, published_event, attendees, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.events.emails.failing_backend.RefusingOneAddressBackend"
    refused = RsvpFactory(event=published_event, user=UserFactory(email=REFUSED)).user

    with caplog.at_level(logging.ERROR, logger="eventsite.tasks"):
        response = auth_client.patch(f"/events/{published_event.pk}", {"location": "Hall C"}, format="json")

    assert response.status_code == 200, response.content
    assert [len(emails_to(attendee)) for attendee in attendees] == [1, 1]
    assert emails_to(refused) == []
    failures = [record for record in caplog.records if record.getMessage() == "task failed"]
    assert len(failures) == settings.TASKS_INLINE_ATTEMPTS


def test_an_admin_edit_of_the_location_tells_attendees_what_changed(admin_site_client):
    event = EventFactory(date=datetime(2030, 2, 1, 10, tzinfo=UTC), location="Hall A")
    attendee = RsvpFactory(event=event).user

    response = admin_site_client.post(change_path(event), change_form(event, location="Hall B"))

    assert response.status_code == 302, response.content
    (message,) = emails_to(attendee)
    assert "- Location: Hall A -> Hall B" in message.body
