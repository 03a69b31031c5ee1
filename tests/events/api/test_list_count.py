"""The ``count`` of unfiltered event lists: counted once per events version and shared.

Counting what a caller may see reads every visible row; ``events.caching`` counts the
events everyone sees once per version (a write gives a new one) and adds the caller's own
drafts, so the count costs a cache read, not a table scan, on every other request.
"""

import pytest
from django.db import connection

from events.models import Event
from tests.factories import EventFactory, StaffFactory, UserFactory
from tests.helpers import Statement, bearer_client, database_statements

pytestmark = pytest.mark.django_db

DRAFT = Event.Status.DRAFT


def count_of(client, path: str = "/events") -> int:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()["count"]


def counts(statements: list[Statement]) -> list[Statement]:
    return [statement for statement in statements if statement.is_count]


def on_mongodb() -> bool:
    return connection.vendor == "mongodb"


def is_visibility_count(count: Statement) -> bool:
    """A full count: what a caller may see is a test of the status OR the creator."""
    status, either = ("'status': ", "'$or'") if on_mongodb() else ('"status" = ', " OR ")
    return status in count.text and either in count.text


def assert_reads_only_the_drafts_of(user, statement: Statement) -> None:
    """The statement reads ``user``'s drafts alone: not the visibility test of a full count."""
    if on_mongodb():
        creator, negation = f"'created_by_id': '{user.pk.hex}'", "'$nor'"
        # The server receives the choice's value; the backend logs the choice (Event.Status.DRAFT).
        drafts = (f"'status': '{DRAFT}'", f"'status': {DRAFT!r}")
        either = "'$or'"
    else:
        creator, negation = f"\"created_by_id\" = '{user.pk.hex}'", "NOT"
        drafts = (f"\"status\" = '{DRAFT}'",)
        either = " OR "
    assert creator in statement.text, statement.text
    assert any(draft in statement.text for draft in drafts), statement.text
    assert either not in statement.text and negation not in statement.text, statement.text


@pytest.fixture
def mixed_events(user, other_user):
    """4 events everyone sees, 2 drafts of ``user``, 1 draft of ``other_user``."""
    EventFactory.create_batch(3)
    EventFactory(status=Event.Status.CANCELLED)
    EventFactory.create_batch(2, created_by=user, status=DRAFT)
    EventFactory(created_by=other_user, status=DRAFT)


@pytest.mark.parametrize("path", ["/events", "/events/all"])
def test_the_count_is_what_the_caller_may_see_their_own_drafts_included(
    auth_client, other_user, mixed_events, path
):
    response = auth_client.get(f"{path}?pageSize=500")

    assert response.json()["count"] == len(response.json()["events"]) == 6
    assert count_of(bearer_client(other_user), path) == 5
    assert count_of(bearer_client(UserFactory()), path) == 4


def test_staff_count_every_event_drafts_included(mixed_events):
    assert count_of(bearer_client(StaffFactory())) == 7


def test_other_callers_reuse_the_shared_count_and_read_only_their_own_drafts(
    auth_client, other_user, mixed_events
):
    count_of(auth_client)

    with database_statements() as statements:
        assert count_of(bearer_client(other_user)) == 5

    assert counts(statements) == []
    [drafts] = [s for s in statements if s.table == "events_event" and other_user.pk.hex in s.text]
    assert_reads_only_the_drafts_of(other_user, drafts)


def test_a_new_page_of_the_same_list_reuses_the_count(auth_client, mixed_events):
    count_of(auth_client, "/events?pageSize=2")

    with database_statements() as statements:
        response = auth_client.get("/events?pageSize=2&page=2")

    assert response.json()["count"] == 6
    assert not any(is_visibility_count(count) for count in counts(statements))


def test_an_event_created_through_the_api_is_counted_for_everyone_at_once(
    auth_client, other_user, mixed_events
):
    other_client = bearer_client(other_user)
    assert (count_of(auth_client), count_of(other_client)) == (6, 5)

    created = other_client.post(
        "/events/create", {"title": "New", "date": "2031-01-01T10:00:00Z"}, format="json"
    )

    assert created.status_code == 201
    assert (count_of(auth_client), count_of(other_client)) == (7, 6)


def test_a_draft_published_through_the_api_moves_into_the_shared_count(auth_client, user, other_user):
    draft = EventFactory(created_by=user, status=DRAFT)
    other_client = bearer_client(other_user)
    assert (count_of(auth_client), count_of(other_client)) == (1, 0)

    assert auth_client.patch(f"/events/{draft.pk}", {"status": "published"}, format="json").status_code == 200

    assert (count_of(auth_client), count_of(other_client)) == (1, 1)


def test_filtered_counts_are_counted_for_each_caller(auth_client, other_user, mixed_events):
    EventFactory(created_by=other_user)

    assert count_of(auth_client, "/events?createdBy=me") == 2
    assert count_of(bearer_client(other_user), "/events?createdBy=me") == 2
    assert count_of(auth_client, "/events?status=draft") == 2


def test_without_the_cache_the_count_is_counted_on_every_request(
    auth_client, other_user, mixed_events, no_list_cache
):
    count_of(auth_client)

    with database_statements() as statements:
        assert count_of(bearer_client(other_user)) == 5

    [full_count] = counts(statements)
    assert is_visibility_count(full_count), full_count.text
