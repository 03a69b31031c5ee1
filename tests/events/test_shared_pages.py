"""Event list pages whose shared part is built once for every caller (events/pages.py).

The fast path must answer byte for byte what the plain serializer answers with the cache off:
the property test below compares them over random events, RSVPs, callers (with drafts of their
own, staff), pages, page sizes and filters.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from events.models import Event, Rsvp
from events.services import events_changed
from tests.events.list_cache_pages import page_table_reads
from tests.factories import EventFactory, RsvpFactory, StaffFactory, UserFactory
from tests.helpers import bearer_client, database_statements

pytestmark = pytest.mark.django_db

START = datetime(2030, 1, 1, 9, tzinfo=UTC)
STATUSES = [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.DRAFT]
QUERIES = ["", "q=1", "status=draft", "ordering=-date", "createdBy=me", "hasSpots=true", "nocache=7"]
CALLERS = 4  # three users, then one staff member

events_strategy = st.lists(
    st.tuples(
        st.integers(0, 3),  # the day: few values, so dates tie and the id orders them
        st.sampled_from(STATUSES),
        st.integers(0, 2),  # which user created it
        st.sampled_from([None, 1, 2]),  # capacity
    ),
    max_size=12,
)
requests_strategy = st.lists(
    st.tuples(st.integers(0, CALLERS - 1), st.integers(1, 4), st.integers(1, 5), st.sampled_from(QUERIES)),
    min_size=1,
    max_size=6,
)


def seed(events, rsvps, users) -> None:
    Rsvp.objects.all().delete()
    Event.objects.all().delete()
    created = [
        EventFactory(
            title=f"Event {index}",
            date=START + timedelta(days=day),
            status=status,
            created_by=users[creator],
            capacity=capacity,
        )
        for index, (day, status, creator, capacity) in enumerate(events)
    ]
    pairs = {(caller, index % len(created)) for caller, index in rsvps} if created else set()
    for caller, index in sorted(pairs):
        if created[index].status == Event.Status.PUBLISHED:
            RsvpFactory(event=created[index], user=users[caller])
    # The factories bypass the services, which retire the cached pages.
    events_changed()


def assert_fast_pages_are_plain_pages(clients, paths) -> None:
    fast = [clients[caller].get(path) for caller, path in paths]
    with override_settings(EVENT_LIST_CACHE_SECONDS=0):
        plain = [clients[caller].get(path) for caller, path in paths]

    for (_, path), answer, expected in zip(paths, fast, plain, strict=True):
        assert answer.status_code == expected.status_code, path
        if expected.status_code == 200:
            assert answer.content == expected.content, path
        else:
            assert answer.json() == expected.json(), path


def change_one_event(change: tuple[str, int]) -> None:
    """A write a list shows, made as the services would (then ``events_changed``)."""
    what, index = change
    events = list(Event.objects.order_by("date", "id"))
    if not events:
        return
    event = Event.objects.filter(pk=events[index % len(events)].pk)
    if what == "delete":
        event.delete()
    elif what == "title":
        event.update(title=f"Renamed {index}")
    elif what == "seats":
        event.update(going_count=F("going_count") + 1)
    else:
        event.update(status=what)
    events_changed()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    events=events_strategy,
    rsvps=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 11)), max_size=8, unique=True),
    requests=requests_strategy,
    change=st.tuples(st.sampled_from(["delete", "title", "seats", *STATUSES]), st.integers(0, 11)),
)
# Always tried: a change to an event whose JSON was rendered for the page before.
@example(
    events=[(0, Event.Status.PUBLISHED, 0, None)] * 2, rsvps=[], requests=[(1, 1, 5, "")], change=("title", 1)
)
def test_every_callers_page_is_the_plain_serializers_page_before_and_after_a_write(
    events, rsvps, requests, change
):
    cache.clear()
    users = [UserFactory(), UserFactory(), UserFactory(), StaffFactory()]
    clients = [bearer_client(user) for user in users]
    seed(events, rsvps, users[:3])
    paths = [
        (caller, f"/events?page={page}&pageSize={size}&{query}") for caller, page, size, query in requests
    ]

    assert_fast_pages_are_plain_pages(clients, paths)
    # The shared pages are built again, from what was kept of the events that did not change.
    change_one_event(change)
    assert_fast_pages_are_plain_pages(clients, paths)


def test_a_second_caller_without_drafts_reads_only_their_rsvps(auth_client, other_user):
    EventFactory.create_batch(3)
    EventFactory(status=Event.Status.DRAFT)  # someone else's
    auth_client.get("/events")

    with database_statements() as statements:
        response = bearer_client(other_user).get("/events")

    assert response.status_code == 200 and len(response.json()["events"]) == 3
    reads = page_table_reads(statements)
    assert [statement.table for statement in reads] == ["events_rsvp"], [s.text for s in reads]
    assert other_user.pk.hex in reads[0].text


def test_a_second_caller_with_drafts_reads_only_their_drafts_and_rsvps(auth_client, other_user):
    EventFactory.create_batch(3)
    EventFactory(created_by=other_user, status=Event.Status.DRAFT)
    auth_client.get("/events")

    with database_statements() as statements:
        response = bearer_client(other_user).get("/events")

    assert response.status_code == 200 and len(response.json()["events"]) == 4
    reads = page_table_reads(statements)
    assert [statement.table for statement in reads] == ["events_event", "events_rsvp"], [
        s.text for s in reads
    ]
    assert all(other_user.pk.hex in statement.text and not statement.is_count for statement in reads)


def test_a_callers_first_draft_shows_in_their_next_list(auth_client):
    EventFactory()
    assert len(auth_client.get("/events").json()["events"]) == 1

    created = auth_client.post(
        "/events/create", {"title": "Mine", "date": "2031-01-01T10:00:00Z", "status": "draft"}, format="json"
    )

    assert created.status_code == 201, created.content
    body = auth_client.get("/events?nocache=1").json()
    assert body["count"] == 2
    assert created.json()["event"]["eventId"] in [event["eventId"] for event in body["events"]]


def test_a_callers_drafts_are_merged_in_date_order_across_pages(auth_client, user):
    for day in range(4):
        EventFactory(date=START + timedelta(days=2 * day))
    late = EventFactory(created_by=user, status=Event.Status.DRAFT, date=START + timedelta(days=3))
    early = EventFactory(created_by=user, status=Event.Status.DRAFT, date=START - timedelta(days=1))
    bearer_client(UserFactory()).get("/events?pageSize=2")  # another caller builds the shared part

    pages = [auth_client.get(f"/events?pageSize=2&page={page}").json() for page in (1, 2, 3)]

    listed = [event["eventId"] for page in pages for event in page["events"]]
    assert [page["count"] for page in pages] == [6, 6, 6]
    assert listed[0] == str(early.pk) and listed[3] == str(late.pk)
    assert listed == [str(event.pk) for event in Event.objects.order_by("date", "id")]


def test_staff_share_their_pages_with_drafts_and_their_own_rsvps(staff_user):
    draft = EventFactory(status=Event.Status.DRAFT)
    event = EventFactory()
    other_staff = StaffFactory()
    RsvpFactory(event=event, user=other_staff)
    bearer_client(staff_user).get("/events")

    with database_statements() as statements:
        body = bearer_client(other_staff).get("/events").json()

    assert {item["eventId"]: item["myRsvp"] is not None for item in body["events"]} == {
        str(draft.pk): False,
        str(event.pk): True,
    }
    assert [statement.table for statement in page_table_reads(statements)] == ["events_rsvp"]
