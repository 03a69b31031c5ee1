"""The real SMTP path: a server on loopback (aiosmtpd) receives what an RSVP sends."""

import email
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from tests.events.emails.failing_backend import REFUSED
from tests.factories import EventFactory, RsvpFactory, UserFactory
from tests.helpers import bearer_client, rsvp_path
from tests.helpers.servers import free_port

pytestmark = pytest.mark.django_db


class Recorder:
    """Keeps each message it accepts; refuses the recipient ``REFUSED`` as a full mailbox would."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], Message]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.2.2 mailbox full"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield recorder
    controller.stop()


def test_the_confirmation_reaches_the_smtp_server_with_text_html_and_the_calendar_file(smtp_server):
    event = EventFactory(title="Launch")
    attendee = UserFactory()

    assert bearer_client(attendee).post(rsvp_path(event)).status_code == 201

    ((recipients, message),) = smtp_server.received
    assert recipients == [attendee.email]
    assert message["Subject"] == "You're going: Launch"
    assert message["List-Unsubscribe"].strip().startswith("<http")
    parts = {part.get_content_type(): part for part in message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
    calendar = parts["text/calendar"]
    assert calendar.get_filename() == "launch.ics"
    assert f"UID:{event.pk}@eventsite" in calendar.get_payload(decode=True).decode()


def test_a_recipient_the_smtp_server_refuses_leaves_the_others_their_email(auth_client, user, smtp_server):
    event = EventFactory(created_by=user)
    RsvpFactory(event=event, user=UserFactory(email=REFUSED))
    others = {RsvpFactory(event=event).user.email for _ in range(2)}

    assert auth_client.patch(f"/events/{event.pk}", {"status": "cancelled"}, format="json").status_code == 200

    assert sorted(recipients[0] for recipients, _ in smtp_server.received) == sorted(others)
