"""``FastReadMixin`` answers exactly what DRF's own ``to_representation`` does.

Random events (any text, dates from year 1 to 9999, capacities none, 0 and huge, every
status), with and without the caller's RSVP, go through each serializer that uses the fast
path twice: as it is, and with the mixin's ``to_representation`` replaced by DRF's.
"""

import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from events.models import Event, Rsvp, Ticket
from events.serializers import MY_RSVPS, AttendeeSerializer, EventSerializer, MyRsvpSerializer, RsvpSerializer
from eventsite.api.serializers import FastReadMixin
from tests.factories import EventFactory

moments = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59), timezones=st.just(UTC)
)
text = st.text(max_size=40)
capacities = st.one_of(st.none(), st.just(0), st.integers(min_value=1, max_value=2**63 - 1))
counts = st.integers(min_value=0, max_value=2**31)
FAST_READ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def events(draw) -> Event:
    """Built from the model, not a factory: every value comes from hypothesis, none from ``random``."""
    owner = User(id=draw(st.uuids()), name=draw(text), email=draw(text))
    return Event(
        id=draw(st.uuids()),
        title=draw(text),
        description=draw(text),
        date=draw(moments),
        end_date=draw(st.none() | moments),
        time_zone=draw(st.sampled_from(["", "UTC", "Europe/Berlin", "Pacific/Kiritimati"])),
        location=draw(text),
        status=draw(st.sampled_from(Event.Status.values)),
        capacity=draw(capacities),
        going_count=draw(counts),
        created_by=owner,
        created_at=draw(moments),
    )


@st.composite
def rsvps(draw, event: Event) -> Rsvp:
    user = User(id=draw(st.uuids()), name=draw(text), email=draw(text))
    rsvp = Rsvp(
        id=draw(st.uuids()),
        event=event,
        user=user,
        status=draw(st.sampled_from(Rsvp.Status.values)),
        created_at=draw(moments),
    )
    # An attendee's ``checkedInAt`` reads the RSVP's ticket, given here so that nothing is queried.
    rsvp.ticket = Ticket(
        id=draw(st.uuids()), event=event, holder=user, checked_in_at=draw(st.none() | moments)
    )
    return rsvp


@contextmanager
def plain_drf():
    """``FastReadMixin`` steps aside: every serializer, nested ones too, reads as DRF does."""

    def drf(self, instance):
        return super(FastReadMixin, self).to_representation(instance)

    with mock.patch.object(FastReadMixin, "to_representation", drf):
        yield


def fast_and_plain(serializer_class, instance, context: dict) -> tuple[dict, dict]:
    fast = serializer_class(context=context).to_representation(instance)
    with plain_drf():
        plain = serializer_class(context=context).to_representation(instance)
    return fast, plain


@FAST_READ
@given(data=st.data(), event=events(), with_my_rsvp=st.booleans())
def test_an_event_reads_the_same_as_with_drf(data, event, with_my_rsvp):
    my_rsvps = {event.pk: data.draw(rsvps(event))} if with_my_rsvp else {}

    fast, plain = fast_and_plain(EventSerializer, event, {MY_RSVPS: my_rsvps})

    assert fast == plain
    assert (fast["myRsvp"] is None) is not with_my_rsvp


@FAST_READ
@given(data=st.data(), event=events())
def test_an_rsvp_reads_the_same_as_with_drf_in_every_shape(data, event):
    rsvp = data.draw(rsvps(event))
    context = {MY_RSVPS: {event.pk: rsvp}}

    for serializer_class in (RsvpSerializer, AttendeeSerializer, MyRsvpSerializer):
        fast, plain = fast_and_plain(serializer_class, rsvp, context)
        assert fast == plain, serializer_class.__name__


def test_the_plain_drf_reading_is_not_the_fast_path():
    """Guards the comparison itself: inside ``plain_drf`` the mixin's own reading never runs."""
    event = EventFactory.build(
        id=uuid.uuid4(), date=datetime(2030, 1, 1, tzinfo=UTC), created_by_id=uuid.uuid4()
    )
    with plain_drf(), mock.patch("eventsite.api.serializers._plain_attribute") as plan:
        EventSerializer().to_representation(event)
    plan.assert_not_called()
