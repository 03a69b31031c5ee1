"""An RSVP tells the attendee where they stand: going, waitlisted, or promoted to a seat."""

from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.mail import read_unsubscribe_token
from tests.events.emails.conftest import attachment_named, emails_to, html_of, rsvp
from tests.factories import EventFactory, UserFactory
from tests.helpers import bearer_client, rsvp_path

pytestmark = pytest.mark.django_db


def test_a_seat_taken_emails_the_attendee_a_confirmation_with_the_event_calendar_file(published_event):
    attendee = UserFactory()

    rsvp(attendee, published_event)

    (message,) = emails_to(attendee)
    assert message.subject == "You're going: Tom & Jerry's Meetup"
    assert "Your RSVP is confirmed" in message.body
    assert "Tom & Jerry's Meetup" in message.body
    assert "Where: Hall A" in message.body
    filename, content, mimetype = attachment_named(message, ".ics")
    assert (filename, mimetype) == ("tom-jerrys-meetup.ics", "text/calendar")
    assert f"UID:{published_event.pk}@eventsite" in content
    assert "Tom &amp; Jerry&#x27;s Meetup" in html_of(message)


def test_the_confirmation_carries_an_unsubscribe_link_for_rsvp_updates(published_event):
    attendee = UserFactory()

    rsvp(attendee, published_event)

    (message,) = emails_to(attendee)
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert read_unsubscribe_token(token) == (str(attendee.pk), "rsvp_updates")


def test_the_event_shows_its_times_in_its_own_time_zone(published_event):
    attendee = UserFactory()

    rsvp(attendee, published_event)

    (message,) = emails_to(attendee)
    local = published_event.date.astimezone(ZoneInfo("Europe/Berlin"))
    assert f"{local:%H:%M} (Europe/Berlin)" in message.body


def test_an_rsvp_to_a_full_event_emails_that_the_attendee_is_on_the_waitlist():
    event = EventFactory(capacity=1)
    rsvp(UserFactory(), event)
    waiting = UserFactory()

    rsvp(waiting, event)

    (message,) = emails_to(waiting)
    assert message.subject.startswith("You're on the waitlist:")
    assert attachment_named(message, ".ics")


def test_a_freed_seat_emails_the_promoted_attendee_that_it_is_theirs():
    event = EventFactory(capacity=1)
    going, waiting = UserFactory(), UserFactory()
    rsvp(going, event)
    rsvp(waiting, event)

    assert bearer_client(going).delete(rsvp_path(event)).status_code == 204

    subjects = [message.subject for message in emails_to(waiting)]
    assert subjects == [f"You're on the waitlist: {event.title}", f"A seat is yours: {event.title}"]
    assert attachment_named(emails_to(waiting)[-1], ".ics")


def test_an_attendee_who_turned_rsvp_updates_off_gets_no_email(published_event, mailoutbox):
    attendee = UserFactory(email_rsvp_updates=False)

    rsvp(attendee, published_event)

    assert mailoutbox == []


def test_an_address_marked_undeliverable_gets_no_email(published_event, mailoutbox):
    attendee = UserFactory(email_undeliverable_at=timezone.now())

    rsvp(attendee, published_event)

    assert mailoutbox == []
