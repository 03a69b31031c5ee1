"""The event list cache over the wire: the version read that keys it, the version writes that retire it.

The version is ``EventsVersion.SHARDS`` documents: the list reads them all in one query; a
write updates one, chosen at random, inside its own transaction.
"""

import logging
import uuid
from types import SimpleNamespace

import pytest
from django.db import DatabaseError
from pymongo.errors import WriteError

from events.models import EventsVersion
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
    new_token,
    shard_of,
    stored_events_version,
    stored_events_versions,
    transaction_of,
    version_write_in,
    version_writes_in,
)
from tests.mongo.wire import WireServer

# Not cached: the events everyone sees and the caller's own drafts, counted in one aggregate.
COUNTS_READ = [("aggregate", EVENTS)]
# Cached (the count everyone shares): the caller's own drafts alone.
OWN_DRAFTS_COUNT = [("aggregate", EVENTS)]
# The page, the page's own-RSVP prefetch.
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


def rsvp(wire: WireServer, user: dict, *, status: int = 201):
    """``POST /events/{id}/rsvp`` to an open event with free seats."""
    event = {**stored_event(owner=stored_user(email="host@example.com")), "capacity": 2}
    wire.answer(USERS, [user])
    wire.answer(EVENTS, [event])
    client = client_for(user)
    client.raise_request_exception = False
    response = client.post(f"/events/{event['id']}/rsvp")
    assert response.status_code == status, response.content
    return response


def names(commands) -> list[tuple[str, str | None]]:
    return [(command.name, command.collection) for command in commands]


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


def test_each_create_sets_a_new_token_on_one_random_shard_inside_its_own_transaction(
    wire, member, monkeypatch
):
    picked = [EventsVersion.SHARD_IDS[3], EventsVersion.SHARD_IDS[11]]
    offered = []

    def choice(shards):
        offered.append(shards)
        return picked[len(offered) - 1]

    monkeypatch.setattr("events.services.changes.random", SimpleNamespace(choice=choice))
    wire.answer(USERS, [member], [member])
    client = client_for(member)
    body = {"title": "Tech Conference 2025", "date": "2025-12-15T09:00:00Z"}

    first = client.post("/events/create", body, format="json")
    second = client.post("/events/create", body, format="json")

    assert (first.status_code, second.status_code) == (201, 201), (first.content, second.content)
    assert offered == [EventsVersion.SHARD_IDS] * 2
    first_commit, second_commit = wire.sent("commitTransaction")
    first_version, second_version = (
        version_write_in(wire, first_commit),
        version_write_in(wire, second_commit),
    )
    assert (
        names(transaction_of(wire, first_commit))
        == names(transaction_of(wire, second_commit))
        == [
            ("insert", EVENTS),
            ("update", EVENTS_VERSIONS),
            ("commitTransaction", None),
        ]
    )
    assert (shard_of(first_version), shard_of(second_version)) == (picked[0].hex, picked[1].hex)
    assert new_token(first_version) != new_token(second_version)
    assert wire.commands[-1] == second_commit


def test_rsvp_that_finds_no_version_shard_inserts_it_in_the_same_transaction(wire, member):
    wire.count("update", EVENTS_VERSIONS, 0)

    rsvp(wire, member)

    (commit,) = wire.sent("commitTransaction")
    assert names(transaction_of(wire, commit)) == [
        ("update", EVENTS),
        ("insert", RSVPS),
        ("update", EVENTS_VERSIONS),
        ("insert", EVENTS_VERSIONS),
        ("commitTransaction", None),
    ]
    update, insert = version_writes_in(wire, commit)
    (document,) = insert.doc["documents"]
    assert (document["id"], document["token"]) == (shard_of(update), new_token(update))


def test_rsvp_that_loses_the_first_insert_of_its_shard_to_another_writer_runs_again_whole(wire, member):
    wire.count("update", EVENTS_VERSIONS, 0)
    wire.fail_next("insert", EVENTS_VERSIONS, code=11000, errmsg=FIRST_SHARD_DUPLICATE)

    response = rsvp(wire, member)

    assert response.json()["rsvp"]["status"] == "going"
    # The lost insert aborted the first transaction, seat and RSVP with it ...
    (abort,) = wire.sent("abortTransaction")
    assert names(transaction_of(wire, abort)) == [
        ("update", EVENTS),
        ("insert", RSVPS),
        ("update", EVENTS_VERSIONS),
        ("insert", EVENTS_VERSIONS),
        ("abortTransaction", None),
    ]
    # ... and the second takes the seat again, and updates the shard the other writer made.
    (commit,) = wire.sent("commitTransaction")
    retry = transaction_of(wire, commit)
    assert wire.commands.index(abort) < wire.commands.index(retry[0])
    assert names(retry) == [
        ("update", EVENTS),
        ("insert", RSVPS),
        ("update", EVENTS_VERSIONS),
        ("commitTransaction", None),
    ]
    version_write_in(wire, commit)
    assert len(wire.sent("insert", RSVPS)) == 2


def test_first_create_on_a_fresh_database_inserts_its_shard_in_the_event_transaction(wire, member):
    wire.answer(USERS, [member])
    wire.count("update", EVENTS_VERSIONS, 0)

    response = client_for(member).post(
        "/events/create", {"title": "Tech Conference 2025", "date": "2025-12-15T09:00:00Z"}, format="json"
    )

    assert response.status_code == 201, response.content
    (commit,) = wire.sent("commitTransaction")
    assert transaction_of(wire, commit) == [*wire.writes(), commit]
    assert names(wire.writes()) == [
        ("insert", EVENTS),
        ("update", EVENTS_VERSIONS),
        ("insert", EVENTS_VERSIONS),
    ]
    update, insert = version_writes_in(wire, commit)
    (document,) = insert.doc["documents"]
    assert (document["id"], document["token"]) == (shard_of(update), new_token(update))


def test_rsvp_whose_version_write_fails_fails_whole_and_commits_nothing(wire, member, caplog):
    wire.fail_next("update", EVENTS_VERSIONS, code=121, errmsg="Document failed validation")

    response = rsvp(wire, member, status=500)

    assert response.json()["code"] == "server_error"
    # The seat and the RSVP were in the version write's transaction: aborted with it.
    assert not wire.sent("commitTransaction")
    (abort,) = wire.sent("abortTransaction")
    failed = wire.sent("update", EVENTS_VERSIONS)
    assert transaction_of(wire, abort) == [
        *wire.sent("update", EVENTS),
        *wire.sent("insert", RSVPS),
        *failed,
        abort,
    ]
    assert len(failed) == 1 and not wire.sent("insert", EVENTS_VERSIONS)
    # Not a conflict: the unit is not run again.
    assert len(wire.sent("insert", RSVPS)) == 1
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    assert record.levelno == logging.ERROR
    # The backend raises a bare DatabaseError; the server's answer is its cause.
    error = record.exc_info[1]
    assert isinstance(error, DatabaseError) and isinstance(error.__cause__, WriteError)
    assert error.__cause__.code == 121
