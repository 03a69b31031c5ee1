"""``rsvp_create`` called directly: an event that takes no RSVPs refuses with ``EventNotOpen``."""

import pytest

from events import services
from events.models import Event, Rsvp
from eventsite.runtime.errors import Conflict
from tests.factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Event.Status.CANCELLED, Event.Status.DRAFT])
def test_rsvp_to_an_event_that_is_not_published_raises_event_not_open(user, status):
    event = EventFactory(status=status)

    with pytest.raises(services.EventNotOpen) as raised:
        services.rsvp_create(event=event, user=user)

    assert isinstance(raised.value, Conflict)
    assert raised.value.code == "event_not_open"
    assert raised.value.message == f"This event is {status} and does not take RSVPs."
    assert not Rsvp.objects.exists()


def test_rsvp_to_an_event_cancelled_since_it_was_read_raises_event_not_open(user):
    event = EventFactory(status=Event.Status.PUBLISHED)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    with pytest.raises(services.EventNotOpen) as raised:
        services.rsvp_create(event=event, user=user)

    assert raised.value.message == "This event no longer takes RSVPs."
    assert not Rsvp.objects.exists()
    assert Event.objects.get(pk=event.pk).going_count == 0


def test_an_existing_rsvp_to_a_cancelled_event_is_returned_unchanged(user):
    rsvp = RsvpFactory(user=user, event=EventFactory(status=Event.Status.PUBLISHED))
    Event.objects.filter(pk=rsvp.event_id).update(status=Event.Status.CANCELLED)
    rsvp.event.refresh_from_db()

    assert services.rsvp_create(event=rsvp.event, user=user) == (rsvp, False)


def test_rsvp_to_a_published_event_takes_a_seat(user):
    event = EventFactory(status=Event.Status.PUBLISHED, capacity=1)

    rsvp, created = services.rsvp_create(event=event, user=user)

    assert created and rsvp.status == Rsvp.Status.GOING
    assert Event.objects.get(pk=event.pk).going_count == 1
