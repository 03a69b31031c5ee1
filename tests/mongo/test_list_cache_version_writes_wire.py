"""The event list cache over the wire: the version writes that retire it.

The version is ``EventsVersion.SHARDS`` documents: a write updates one, chosen at random,
inside its own transaction (the read that keys the cache: test_list_cache_wire.py).
"""

import logging
from types import SimpleNamespace

import pytest
from django.db import DatabaseError
from pymongo.errors import WriteError

from events.models import EventsVersion
from tests.mongo.documents import (
    EVENTS,
    RSVPS,
    TICKETS,
    USERS,
    client_for,
    stored_event,
    stored_user,
)
from tests.mongo.events_version import (
    EVENTS_VERSIONS,
    new_token,
    shard_of,
    transaction_of,
    version_write_in,
    version_writes_in,
)
from tests.mongo.wire import WireServer

FIRST_SHARD_DUPLICATE = "E11000 duplicate key error collection: events_eventsversion index: id_1"


@pytest.fixture
def member() -> dict:
    return stored_user()


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


def test_each_create_sets_a_new_token_on_one_random_shard_inside_its_own_transaction(
    wire, member, monkeypatch
):
    picked = [EventsVersion.SHARD_IDS[3], EventsVersion.SHARD_IDS[11]]
    offered = []

    def choice(shards):
        offered.append(shards)
        return picked[len(offered) - 1]

    monkeypatch.setattr("events.caching.random", SimpleNamespace(choice=choice))
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
        ("insert", TICKETS),
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
        ("insert", TICKETS),
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
        ("insert", TICKETS),
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
    # The seat, the RSVP and its ticket were in the version write's transaction: aborted with it.
    assert not wire.sent("commitTransaction")
    (abort,) = wire.sent("abortTransaction")
    failed = wire.sent("update", EVENTS_VERSIONS)
    assert transaction_of(wire, abort) == [
        *wire.sent("update", EVENTS),
        *wire.sent("insert", RSVPS),
        *wire.sent("insert", TICKETS),
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
