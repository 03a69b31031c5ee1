"""The confirmation and promotion emails carry the ticket: its code, and its QR code as a PNG."""

import pytest

from events.models import Ticket
from tests.events.emails.conftest import attachment_named, emails_to, html_of
from tests.events.tickets.conftest import PNG_SIGNATURE, png_size, rsvp, symbol_size, withdraw
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_confirmation_carries_the_ticket_code_and_its_qr_code(attendee):
    event = EventFactory()

    rsvp(attendee, event)

    code = Ticket.objects.get(holder=attendee).code
    (message,) = emails_to(attendee)
    assert f"Your ticket code: {code}" in message.body
    assert code in html_of(message)
    filename, content, mimetype = attachment_named(message, ".png")
    assert (filename, mimetype) == ("ticket.png", "image/png")
    assert content[:8] == PNG_SIGNATURE
    side = symbol_size(code)
    assert png_size(content) == (side, side)
    assert attachment_named(message, ".ics")


def test_a_waitlisted_confirmation_carries_no_ticket(attendee):
    event = EventFactory(capacity=1)
    rsvp(UserFactory(), event)

    rsvp(attendee, event)

    (message,) = emails_to(attendee)
    assert "waitlist" in message.body.lower()
    assert "ticket" not in message.body.lower()
    assert not [name for name, _, _ in message.attachments if name.endswith(".png")]


def test_the_promotion_email_carries_the_ticket_that_now_admits(attendee, mailoutbox):
    event = EventFactory(capacity=1)
    holder = UserFactory()
    rsvp(holder, event)
    rsvp(attendee, event)
    mailoutbox.clear()

    withdraw(holder, event)

    code = Ticket.objects.get(holder=attendee).code
    (message,) = emails_to(attendee)
    assert "a seat freed up" in message.body
    assert f"Your ticket code: {code}" in message.body
    assert code in html_of(message)
    filename, content, _ = attachment_named(message, ".png")
    assert filename == "ticket.png" and content[:8] == PNG_SIGNATURE
