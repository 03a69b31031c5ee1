"""``event_update`` and ``event_saved`` called directly: the RSVP rules refuse with domain errors."""

import pytest

from events import services
from events.models import Event
from eventsite.runtime.errors import Conflict, InvalidInput, NotFound
from eventsite.runtime.transactions import unit_of_work
from tests.factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended_event(user):
    """Published, five seats, two people going."""
    event = EventFactory(created_by=user, status=Event.Status.PUBLISHED, capacity=5)
    RsvpFactory.create_batch(2, event=event)
    return event


def test_update_to_draft_with_rsvps_raises_event_has_rsvps_and_saves_nothing(attended_event):
    title = attended_event.title

    with pytest.raises(services.EventHasRsvps) as raised:
        services.event_update(event=attended_event, status=Event.Status.DRAFT, title="Renamed")

    assert isinstance(raised.value, Conflict)
    assert raised.value.code == "event_has_rsvps"
    assert raised.value.message == services.EventHasRsvps.default_message
    stored = Event.objects.get(pk=attended_event.pk)
    assert (stored.status, stored.title) == (Event.Status.PUBLISHED, title)


def test_update_below_attendance_raises_capacity_below_attendance_naming_capacity(attended_event):
    with pytest.raises(services.CapacityBelowAttendance) as raised:
        services.event_update(event=attended_event, capacity=1)

    assert isinstance(raised.value, InvalidInput)
    assert raised.value.code == "invalid"
    assert raised.value.errors == {"capacity": ["Must be at least 2: that many people are already going."]}
    assert Event.objects.get(pk=attended_event.pk).capacity == 5


def test_update_to_the_attendance_is_allowed(attended_event):
    assert services.event_update(event=attended_event, capacity=2).capacity == 2


def test_a_form_save_to_draft_with_rsvps_raises_event_has_rsvps_in_its_unit_of_work(attended_event):
    def save() -> None:
        Event.objects.filter(pk=attended_event.pk).update(status=Event.Status.DRAFT)
        attended_event.status = Event.Status.DRAFT
        services.event_saved(event=attended_event, fields_changed={"status"})

    with pytest.raises(services.EventHasRsvps) as raised:
        unit_of_work(save)

    assert raised.value.code == "event_has_rsvps"
    assert Event.objects.get(pk=attended_event.pk).status == Event.Status.PUBLISHED


def test_a_form_save_below_attendance_raises_capacity_below_attendance(attended_event):
    def save() -> None:
        Event.objects.filter(pk=attended_event.pk).update(capacity=1)
        attended_event.capacity = 1
        services.event_saved(event=attended_event, fields_changed={"capacity"})

    with pytest.raises(services.CapacityBelowAttendance) as raised:
        unit_of_work(save)

    assert list(raised.value.errors) == ["capacity"]
    assert Event.objects.get(pk=attended_event.pk).capacity == 5


def test_change_problems_give_the_refusals_messages_without_raising(attended_event):
    problems = services.event_change_problems(
        event=attended_event, changes={"status": Event.Status.DRAFT, "capacity": 1}
    )

    assert problems == {
        "status": services.EventHasRsvps.default_message,
        "capacity": "Must be at least 2: that many people are already going.",
    }


def test_update_of_an_event_deleted_meanwhile_raises_not_found(user):
    event = EventFactory(created_by=user)
    Event.objects.filter(pk=event.pk).delete()

    with pytest.raises(NotFound):
        services.event_update(event=event, title="Renamed")

    assert not Event.objects.filter(pk=event.pk).exists()
