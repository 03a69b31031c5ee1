import pytest
from django.core import mail

from events.models import Event
from tests.helpers import bearer_client, rsvp_path


def rsvp(user, event) -> None:
    """``user`` RSVPs to ``event`` through the API (going, or on the waitlist of a full one)."""
    response = bearer_client(user).post(rsvp_path(event))
    assert response.status_code == 201, response.content


def emails_to(user) -> list:
    """The messages of Django's test outbox addressed to ``user``."""
    return [message for message in mail.outbox if message.to == [user.email]]


def attachment_named(message, suffix: str) -> tuple[str, bytes | str, str]:
    (found,) = [attachment for attachment in message.attachments if attachment[0].endswith(suffix)]
    return found


def html_of(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


@pytest.fixture
def organizer(user):
    return user


@pytest.fixture
def published_event(organizer) -> Event:
    from tests.factories import EventFactory

    return EventFactory(
        created_by=organizer, title="Tom & Jerry's Meetup", location="Hall A", time_zone="Europe/Berlin"
    )
