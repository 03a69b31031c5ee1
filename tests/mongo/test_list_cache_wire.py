"""The event list cache over the wire: the version read that keys it.

The version is ``EventsVersion.SHARDS`` documents: the list reads them all in one query (the
writes that retire it: test_list_cache_version_writes_wire.py).
"""

import uuid

import pytest

from tests.mongo.documents import (
    EVENTS,
    RSVPS,
    USERS,
    client_for,
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

# Not cached (events.pages): the count of the events everyone sees, who has drafts (nobody
# here, so no read of the caller's), the shared page; then the caller's RSVPs.
SHARED_READS = [("aggregate", EVENTS)] * 3 + [("aggregate", RSVPS)]
# The count, the creators of drafts and the page everyone sees cached: the caller's RSVPs alone.
OWN_READS = [("aggregate", RSVPS)]
# Staff (events.caching, the plain page): the count of every event, the page, the RSVPs.
PAGE_QUERIES = [("aggregate", EVENTS), ("aggregate", RSVPS)]
AUTHENTICATED_VERSION_READ = [("aggregate", USERS), ("aggregate", EVENTS_VERSIONS)]
NOT_DRAFT_MATCH = {"$nor": [{"status": "draft"}]}
FIRST_SHARD_DUPLICATE = "E11000 duplicate key error collection: events_eventsversion index: id_1"


@pytest.fixture
def member() -> dict:
    return stored_user()


def sent_since(wire: WireServer, start: int) -> list[tuple[str, str | None]]:
    return [(command.name, command.collection) for command in wire.commands[start:]]


def list_all(wire: WireServer, user: dict, *, shards: list[dict], shared_read: bool = True):
    """``GET /events/all`` by ``user`` while the version shards are ``shards``; one event to show.

    ``shared_read``: whether the count and the page everyone sees are read, not cached (then
    only the caller's RSVPs are).
    """
    wire.answer(USERS, [user])
    wire.answer(EVENTS_VERSIONS, shards)
    if shared_read:
        wire.answer(EVENTS, [{"__count": 1}], [], [stored_event(owner=user)])
    response = client_for(user).get("/events/all")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1
    return response


def test_list_reads_every_events_version_shard_in_one_query_before_the_page_queries(wire, member):
    list_all(wire, member, shards=stored_events_versions())

    assert sent_since(wire, 0) == [*AUTHENTICATED_VERSION_READ, *SHARED_READS]
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

    assert sent_since(wire, first_commands) == [*AUTHENTICATED_VERSION_READ, *SHARED_READS]


def test_the_first_shard_written_on_a_fresh_database_makes_the_same_request_query_again(wire, member):
    list_all(wire, member, shards=[])
    first_commands = len(wire.commands)

    list_all(wire, member, shards=[stored_events_version(uuid.uuid4(), SHARD_KEYS[7])])

    assert sent_since(wire, first_commands) == [*AUTHENTICATED_VERSION_READ, *SHARED_READS]


def test_another_user_without_drafts_reads_only_their_rsvps_under_the_shared_page(wire, member):
    shards = stored_events_versions()
    first = list_all(wire, member, shards=shards)
    first_commands = len(wire.commands)

    grace = stored_user(email="grace@example.com", name="Grace")
    again = list_all(wire, grace, shards=shards, shared_read=False)

    assert again.json()["events"] == first.json()["events"]
    assert sent_since(wire, first_commands) == [*AUTHENTICATED_VERSION_READ, *OWN_READS]
    shared_count, drafters, shared_page = wire.sent("aggregate", EVENTS)
    # What everyone sees: the events that are not drafts, whoever asks.
    for shared in (shared_count, shared_page):
        assert shared.doc["pipeline"][0]["$match"] == NOT_DRAFT_MATCH
    assert "$group" in str(shared_count.doc["pipeline"]) and "$switch" not in str(
        shared_count.doc["pipeline"]
    )
    # Who has drafts, each creator once, at most ``events.pages.MANY_DRAFTERS`` and one more.
    assert drafters.doc["pipeline"][0] == {"$match": {"status": "draft"}}
    assert drafters.doc["pipeline"][1] == {"$group": {"_id": {"created_by_id": "$created_by_id"}}}
    assert drafters.doc["pipeline"][-1] == {"$limit": 1001}
    # The caller's RSVPs through their index, at most ``selectors.FEW_RSVPS`` and one more.
    assert wire.sent("aggregate", RSVPS)[-1].doc["pipeline"] == [
        {"$match": {"user_id": grace["id"]}},
        {"$limit": 101},
    ]


def test_a_creator_of_drafts_reads_them_in_the_lists_order_beside_the_shared_page(wire, member):
    wire.answer(USERS, [member])
    wire.answer(EVENTS_VERSIONS, stored_events_versions())
    draft = {**stored_event(owner=member), "status": "draft"}
    wire.answer(EVENTS, [{"__count": 0}], [{"created_by_id": member["id"]}], [draft], [])

    response = client_for(member).get("/events/all")

    assert response.status_code == 200, response.content
    assert (response.json()["count"], [event["status"] for event in response.json()["events"]]) == (
        1,
        ["draft"],
    )
    # The shared count, who has drafts (the caller), the caller's drafts, the shared page (empty).
    _, _, drafts, _ = wire.sent("aggregate", EVENTS)
    assert drafts.doc["pipeline"][0]["$match"] == own_drafts_match(member)
    stages = {name: value for stage in drafts.doc["pipeline"] for name, value in stage.items()}
    # At most one page and one more: more drafts than a page holds take the plain path.
    assert (stages["$sort"], stages["$limit"]) == ({"date": 1, "id": 1}, 101)


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
