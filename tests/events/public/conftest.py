import pytest

from events.models import Event
from tests.factories import EventFactory

PUBLIC = Event.Visibility.PUBLIC


@pytest.fixture
def shown(db) -> Event:
    """The one kind of event the public routes show: published and public."""
    return EventFactory(title="Open day", visibility=PUBLIC)


@pytest.fixture
def hidden(db) -> dict[str, Event]:
    """One event of each kind the public routes never show, by why."""
    return {
        "draft": EventFactory(title="Draft day", visibility=PUBLIC, status=Event.Status.DRAFT),
        "cancelled": EventFactory(title="Cancelled day", visibility=PUBLIC, status=Event.Status.CANCELLED),
        "members": EventFactory(title="Members day"),
    }
