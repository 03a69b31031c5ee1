"""Which events a user sees, and the counts the list cache takes from the selectors."""

from datetime import UTC, datetime

import pytest

from events import selectors, services
from events.models import Event
from tests.factories import EventFactory, StaffFactory

pytestmark = pytest.mark.django_db

DRAFT, CANCELLED = Event.Status.DRAFT, Event.Status.CANCELLED


def test_a_user_sees_published_and_cancelled_events_and_only_their_own_drafts(user, other_user):
    published = EventFactory(created_by=other_user)
    cancelled = EventFactory(created_by=other_user, status=CANCELLED)
    mine = EventFactory(created_by=user, status=DRAFT)
    EventFactory(created_by=other_user, status=DRAFT)

    visible = set(selectors.events_visible_to(user=user))

    assert visible == {published, cancelled, mine}


def test_staff_see_every_draft():
    drafts = {EventFactory(status=DRAFT), EventFactory(status=DRAFT)}

    assert set(selectors.events_visible_to(user=StaffFactory())) == drafts


def test_visible_events_come_soonest_first_with_the_id_breaking_ties(user):
    moment = datetime(2031, 5, 1, tzinfo=UTC)
    later = EventFactory(date=datetime(2031, 6, 1, tzinfo=UTC))
    tied = sorted([EventFactory(date=moment), EventFactory(date=moment)], key=lambda event: event.pk)

    assert list(selectors.events_visible_to(user=user)) == [*tied, later]


def test_events_shown_to_all_leave_out_drafts_except_for_staff():
    shown = EventFactory()
    draft = EventFactory(status=DRAFT)

    assert list(selectors.events_shown_to_all(staff=False)) == [shown]
    assert set(selectors.events_shown_to_all(staff=True)) == {shown, draft}


def test_shared_count_and_own_drafts_are_counted_in_one_query(user, django_assert_num_queries):
    EventFactory.create_batch(3)
    EventFactory(status=CANCELLED)
    EventFactory.create_batch(2, created_by=user, status=DRAFT)
    EventFactory(status=DRAFT)

    with django_assert_num_queries(1):
        counts = selectors.events_shown_to_all_and_drafts_of(user=user)

    assert counts == (4, 2)


def test_user_drafts_are_only_that_users_drafts(user):
    draft = EventFactory(created_by=user, status=DRAFT)
    EventFactory(created_by=user)
    EventFactory(status=DRAFT)

    assert list(selectors.user_drafts(user=user)) == [draft]


def test_the_events_version_changes_when_any_shard_gets_a_new_token():
    before = selectors.events_version()
    assert selectors.events_version() == before

    services.events_changed()

    assert selectors.events_version() != before
