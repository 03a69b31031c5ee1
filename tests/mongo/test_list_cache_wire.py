"""The event list cache over the wire: the version read that keys it.

The version is ``EventsVersion.SHARDS`` documents: the list reads them all in one query (the
writes that retire it: test_list_cache_version_writes_wire.py).
"""

import uuid

import pytest

from tests.mongo.documents import (
    EVENTS,
    NOT_DRAFT_CASE,
    RSVPS,
    USERS,
    client_for,
    counted_cases,
    own_drafts_case,
    own_drafts_match,
    stored_event,
    stored_user,
)
from tests.mongo.events_version import (
    EVENTS_VERSIONS,
    SHARD_KEYS,
    TRANSACTION_FIELDS,
    stored_events_version,
    stored_events_versions,
)
from tests.mongo.wire import WireServer

# Not cached: the events everyone sees and the caller's own drafts, counted in one aggregate.
COUNTS_READ = [("aggregate", EVENTS)]
# Cached (the count everyone shares): the caller's own drafts alone.
OWN_DRAFTS_COUNT = [("aggregate", EVENTS)]
# The page, then the caller's RSVPs to its events.
PAGE_QUERIES = [("aggregate", EVENTS), ("aggregate", RSVPS)]
AUTHENTICATED_VERSION_READ = [("aggregate", USERS), ("aggregate", EVENTS_VERSIONS)]
FIRST_SHARD_DUPLICATE = "E11000 duplicate key error collection: events_eventsversion index: id_1"


@pytest.fixture
def member() -> dict:
    return stored_user()


def sent_since(wire: WireServer, start: int) -> list[tuple[str, str | None]]:
    return [(command.name, command.collection) for command in wire.commands[start:]]


def list_all(wire: WireServer, user: dict, *, shards: list[dict], shared_count_read: bool = True):
    """``GET /events/all`` by ``user`` while the version shards are ``shards``; one event to show.

    ``shared_count_read``: whether the count of the events everyone sees is read (with the
    caller's drafts, one answer naming both), not cached (the caller's drafts alone).
    """
    wire.answer(USERS, [user])
    wire.answer(EVENTS_VERSIONS, shards)
    counts = [{"shared": 1, "drafts": 0}] if shared_count_read else [{"__count": 0}]
    wire.answer(EVENTS, counts, [stored_event(owner=user)])
    response = client_for(user).get("/events/all")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1
    return response


def test_list_reads_every_events_version_shard_in_one_query_before_the_page_queries(wire, member):
    list_all(wire, member, shards=stored_events_versions())

    assert sent_since(wire, 0) == [*AUTHENTICATED_VERSION_READ, *COUNTS_READ, *PAGE_QUERIES]
    (version_read,) = wire.sent("aggregate", EVENTS_VERSIONS)
    pipeline = version_read.doc["pipeline"]
    # No filter and no limit: all the shards, whatever their number, and only their ids and tokens.
    assert not [stage for stage in pipeline if {"$match", "$limit", "$skip"} & stage.keys()]
    (projection,) = [stage["$project"] for stage in pipeline if "$project" in stage]
    assert set(projection) == {"id", "token"}
    assert not TRANSACTION_FIELDS & version_read.doc.keys()


def test_same_request_by_same_user_is_answered_from_the_cache_after_the_version_read(wire, member):
    shards = stored_events_versions()
    first = list_all(wire, member, shards=shards)
    first_commands = len(wire.commands)

    # The shards come in no particular order: the version is the same.
    again = list_all(wire, member, shards=shards[::-1])

    assert again.json() == first.json()
    assert [event["title"] for event in again.json()["events"]] == ["Tech Conference"]
    assert sent_since(wire, first_commands) == AUTHENTICATED_VERSION_READ


@pytest.mark.parametrize("shard", [SHARD_KEYS[0], SHARD_KEYS[-1]])
def test_a_new_token_in_any_one_shard_makes_the_same_request_query_the_events_again(wire, member, shard):
    shards = stored_events_versions()
    list_all(wire, member, shards=shards)
    first_commands = len(wire.commands)

    changed = [
        stored_events_version(uuid.uuid4(), shard) if document["id"] == shard else document
        for document in shards
    ]
    list_all(wire, member, shards=changed)

    assert sent_since(wire, first_commands) == [*AUTHENTICATED_VERSION_READ, *COUNTS_READ, *PAGE_QUERIES]


def test_the_first_shard_written_on_a_fresh_database_makes_the_same_request_query_again(wire, member):
    list_all(wire, member, shards=[])
    first_commands = len(wire.commands)

    list_all(wire, member, shards=[stored_events_version(uuid.uuid4(), SHARD_KEYS[7])])

    assert sent_since(wire, first_commands) == [*AUTHENTICATED_VERSION_READ, *COUNTS_READ, *PAGE_QUERIES]


def test_another_user_never_gets_the_first_users_cached_page(wire, member):
    shards = stored_events_versions()
    list_all(wire, member, shards=shards)
    first_commands = len(wire.commands)

    grace = stored_user(email="grace@example.com", name="Grace")
    list_all(wire, grace, shards=shards, shared_count_read=False)

    # Only the count of the events everyone sees is shared, under the same version.
    assert sent_since(wire, first_commands) == [*AUTHENTICATED_VERSION_READ, *OWN_DRAFTS_COUNT, *PAGE_QUERIES]
    first_counts = wire.sent("aggregate", EVENTS)[0]
    assert counted_cases(first_counts.doc["pipeline"]) == {
        "shared": NOT_DRAFT_CASE,
        "drafts": own_drafts_case(member),
    }
    drafts_count = wire.sent("aggregate", EVENTS)[-2]
    assert drafts_count.doc["pipeline"][0]["$match"] == own_drafts_match(grace)
    assert "$group" in str(drafts_count.doc["pipeline"])


def test_staff_count_every_event_in_one_plain_count(wire):
    staff = {**stored_user(email="staff@example.com", name="Staff"), "is_staff": True}
    wire.answer(USERS, [staff])
    wire.answer(EVENTS_VERSIONS, stored_events_versions())
    wire.answer(EVENTS, [{"__count": 2}], [stored_event(owner=staff)])

    response = client_for(staff).get("/events/all")

    assert response.status_code == 200, response.content
    assert response.json()["count"] == 2
    assert sent_since(wire, 0) == [*AUTHENTICATED_VERSION_READ, ("aggregate", EVENTS), *PAGE_QUERIES]
    count = wire.sent("aggregate", EVENTS)[0].doc["pipeline"]
    # Staff see drafts too: no filter, nor any conditional count.
    assert not [stage for stage in count if "$match" in stage]
    assert "$group" in str(count) and "$switch" not in str(count)
