import pytest
from django.core import mail

from events.models import Event


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
