"""The RSVP and calendar selectors: the caller's RSVPs by event, attendees, one's own lists."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from events import selectors
from events.models import CalendarFeed, Rsvp
from tests.factories import EventFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db

WAITLISTED = Rsvp.Status.WAITLISTED


def test_rsvps_by_event_maps_each_event_to_the_callers_rsvp_in_one_query(
    user, other_user, django_assert_num_queries
):
    going, waitlisted, without = EventFactory(), EventFactory(), EventFactory()
    mine = RsvpFactory(user=user, event=going)
    queued = RsvpFactory(user=user, event=waitlisted, status=WAITLISTED)
    RsvpFactory(user=other_user, event=without)

    with django_assert_num_queries(1):
        by_event = selectors.rsvps_by_event(user=user, events=[going, waitlisted, without])

    assert by_event == {going.pk: mine, waitlisted.pk: queued}


def test_rsvps_by_event_leaves_out_rsvps_to_events_not_asked_about(user):
    asked, other = EventFactory(), EventFactory()
    RsvpFactory(user=user, event=other)

    assert selectors.rsvps_by_event(user=user, events=[asked]) == {}


def test_rsvps_by_event_for_no_events_runs_no_query(user, django_assert_num_queries):
    RsvpFactory(user=user)

    with django_assert_num_queries(0):
        assert selectors.rsvps_by_event(user=user, events=[]) == {}


def test_rsvp_of_is_the_users_rsvp_to_the_event_with_the_event(user, other_user, event):
    rsvp = RsvpFactory(user=user, event=event)
    RsvpFactory(user=other_user, event=event)

    found = selectors.rsvp_of(user=user, event=event)

    assert found == rsvp
    assert found.event == event


def test_rsvp_of_is_none_without_an_rsvp(user, other_user, event):
    RsvpFactory(user=other_user, event=event)

    assert selectors.rsvp_of(user=user, event=event) is None


def test_attendees_come_oldest_rsvp_first_with_their_users(event, django_assert_num_queries):
    start = datetime(2030, 1, 1, tzinfo=UTC)
    late = RsvpFactory(event=event, created_at=start + timedelta(hours=1))
    early = RsvpFactory(event=event, created_at=start)

    # The RSVPs with their users, then their tickets (``checkedInAt``).
    with django_assert_num_queries(2):
        attendees = list(selectors.event_attendees(event=event))
        names = [rsvp.user.name for rsvp in attendees]

    assert attendees == [early, late]
    assert names == [early.user.name, late.user.name]


def test_user_rsvps_come_soonest_event_first(user):
    later = RsvpFactory(user=user, event=EventFactory(date=datetime(2032, 1, 1, tzinfo=UTC)))
    sooner = RsvpFactory(user=user, event=EventFactory(date=datetime(2031, 1, 1, tzinfo=UTC)))
    RsvpFactory()

    assert list(selectors.user_rsvps(user=user)) == [sooner, later]


def test_user_going_events_leave_out_waitlisted_ones(user):
    going = RsvpFactory(user=user).event
    RsvpFactory(user=user, status=WAITLISTED)

    assert list(selectors.user_going_events(user=user)) == [going]


def test_calendar_feed_owner_is_the_active_user_of_the_key(user):
    feed = CalendarFeed.objects.create(user=user)

    assert selectors.calendar_feed_owner(key=str(feed.key)) == user


@pytest.mark.parametrize("key", ["", "not-a-uuid", str(uuid.uuid4())])
def test_calendar_feed_owner_is_none_for_a_malformed_or_unknown_key(user, key):
    CalendarFeed.objects.create(user=user)

    assert selectors.calendar_feed_owner(key=key) is None


def test_calendar_feed_owner_is_none_for_an_inactive_user():
    feed = CalendarFeed.objects.create(user=UserFactory(is_active=False))

    assert selectors.calendar_feed_owner(key=str(feed.key)) is None
