"""The event list cache over the wire: the version read that keys it, the version writes that retire it."""

import logging
import uuid

import pytest
from django.db import DatabaseError
from pymongo.errors import WriteError

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
    TRANSACTION_FIELDS,
    VERSION_KEY,
    new_token,
    stored_events_version,
)
from tests.mongo.wire import WireServer

SHARED_COUNT = ("aggregate", EVENTS)
# The caller's own drafts counted, the page, the page's own-RSVP prefetch.
PAGE_QUERIES = [("aggregate", EVENTS), ("aggregate", EVENTS), ("aggregate", RSVPS)]
AUTHENTICATED_VERSION_READ = [("aggregate", USERS), ("aggregate", EVENTS_VERSIONS)]
FIRST_VERSION_DUPLICATE = "E11000 duplicate key error collection: events_eventsversion index: id_1"


@pytest.fixture
def member() -> dict:
    return stored_user()


def sent_since(wire: WireServer, start: int) -> list[tuple[str, str | None]]:
    return [(command.name, command.collection) for command in wire.commands[start:]]


def list_all(wire: WireServer, user: dict, *, token: uuid.UUID, shared_count_read: bool = True):
    """``GET /events/all`` by ``user`` while the version document holds ``token``; one event to show.

    ``shared_count_read``: whether the count of the events everyone sees is read, not cached.
    """
    wire.answer(USERS, [user])
    wire.answer(EVENTS_VERSIONS, [stored_events_version(token)])
    shared_count = [[{"__count": 1}]] if shared_count_read else []
    wire.answer(EVENTS, *shared_count, [{"__count": 0}], [stored_event(owner=user)])
    response = client_for(user).get("/events/all")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1
    return response


def rsvp(wire: WireServer, user: dict):
    """``POST /events/{id}/rsvp`` to an open event with free seats."""
    event = {**stored_event(owner=stored_user(email="host@example.com")), "capacity": 2}
    wire.answer(USERS, [user])
    wire.answer(EVENTS, [event])
    response = client_for(user).post(f"/events/{event['id']}/rsvp")
    assert response.status_code == 201, response.content
    return response


def test_list_reads_the_events_version_by_its_key_before_the_page_queries(wire, member):
    list_all(wire, member, token=uuid.uuid4())

    assert sent_since(wire, 0) == [*AUTHENTICATED_VERSION_READ, SHARED_COUNT, *PAGE_QUERIES]
    (version_read,) = wire.sent("aggregate", EVENTS_VERSIONS)
    pipeline = version_read.doc["pipeline"]
    assert pipeline[0] == {"$match": {"id": VERSION_KEY}}
    assert {"$project": {"token": 1}} in pipeline


def test_same_request_by_same_user_is_answered_from_the_cache_after_the_version_read(wire, member):
    token = uuid.uuid4()
    first = list_all(wire, member, token=token)
    first_commands = len(wire.commands)

    again = list_all(wire, member, token=token)

    assert again.json() == first.json()
    assert [event["title"] for event in again.json()["events"]] == ["Tech Conference"]
    assert sent_since(wire, first_commands) == AUTHENTICATED_VERSION_READ


def test_a_new_events_version_makes_the_same_request_query_the_events_again(wire, member):
    list_all(wire, member, token=uuid.uuid4())
    first_commands = len(wire.commands)

    list_all(wire, member, token=uuid.uuid4())

    assert sent_since(wire, first_commands) == [*AUTHENTICATED_VERSION_READ, SHARED_COUNT, *PAGE_QUERIES]


def test_another_user_never_gets_the_first_users_cached_page(wire, member):
    token = uuid.uuid4()
    list_all(wire, member, token=token)
    first_commands = len(wire.commands)

    grace = stored_user(email="grace@example.com", name="Grace")
    list_all(wire, grace, token=token, shared_count_read=False)

    # Only the count of the events everyone sees is shared, under the same version.
    assert sent_since(wire, first_commands) == [*AUTHENTICATED_VERSION_READ, *PAGE_QUERIES]
    drafts_count = wire.sent("aggregate", EVENTS)[-2]
    assert drafts_count.doc["pipeline"][0]["$match"] == own_drafts_match(grace)


def test_create_inserts_the_event_then_sets_a_new_version_token_outside_a_transaction(wire, member):
    wire.answer(USERS, [member], [member])
    client = client_for(member)
    body = {"title": "Tech Conference 2025", "date": "2025-12-15T09:00:00Z"}

    first = client.post("/events/create", body, format="json")
    second = client.post("/events/create", body, format="json")

    assert (first.status_code, second.status_code) == (201, 201), (first.content, second.content)
    writes = wire.writes()
    assert [(command.name, command.collection) for command in writes] == [
        ("insert", EVENTS),
        ("update", EVENTS_VERSIONS),
    ] * 2
    first_version, second_version = writes[1], writes[3]
    assert wire.commands[-1] == second_version
    assert not TRANSACTION_FIELDS & (first_version.doc.keys() | second_version.doc.keys())
    assert new_token(first_version) != new_token(second_version)


def test_rsvp_that_finds_no_version_document_inserts_it_after_the_commit(wire, member):
    wire.count("update", EVENTS_VERSIONS, 0)

    rsvp(wire, member)

    (commit,) = wire.sent("commitTransaction")
    assert wire.sent("insert", RSVPS)[0] in wire.commands[: wire.commands.index(commit)]
    update, insert = wire.commands[wire.commands.index(commit) + 1 :]
    assert [(command.name, command.collection) for command in (update, insert)] == [
        ("update", EVENTS_VERSIONS),
        ("insert", EVENTS_VERSIONS),
    ]
    # One document: a plain insert, no transaction of its own.
    assert not TRANSACTION_FIELDS & (update.doc.keys() | insert.doc.keys())
    (document,) = insert.doc["documents"]
    assert (document["id"], document["token"]) == (VERSION_KEY, new_token(update))


def test_rsvp_that_loses_the_first_version_insert_to_another_writer_updates_the_winners_document(
    wire, member
):
    wire.count("update", EVENTS_VERSIONS, 0)
    wire.fail_next("insert", EVENTS_VERSIONS, code=11000, errmsg=FIRST_VERSION_DUPLICATE)

    response = rsvp(wire, member)

    assert response.json()["rsvp"]["status"] == "going"
    (commit,) = wire.sent("commitTransaction")
    after_commit = wire.commands[wire.commands.index(commit) + 1 :]
    assert [(command.name, command.collection) for command in after_commit] == [
        ("update", EVENTS_VERSIONS),
        ("insert", EVENTS_VERSIONS),
        ("update", EVENTS_VERSIONS),
    ]
    first_update, insert, retry = after_commit
    assert not TRANSACTION_FIELDS & (first_update.doc.keys() | insert.doc.keys() | retry.doc.keys())
    assert insert.doc["documents"][0]["token"] == new_token(retry) == new_token(first_update)
    assert not wire.sent("abortTransaction")


def test_first_create_on_a_fresh_database_inserts_the_version_document(wire, member):
    wire.answer(USERS, [member])
    wire.count("update", EVENTS_VERSIONS, 0)

    response = client_for(member).post(
        "/events/create", {"title": "Tech Conference 2025", "date": "2025-12-15T09:00:00Z"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert [(command.name, command.collection) for command in wire.writes()] == [
        ("insert", EVENTS),
        ("update", EVENTS_VERSIONS),
        ("insert", EVENTS_VERSIONS),
    ]
    event_insert, update, insert = wire.writes()
    assert not wire.sent("commitTransaction")
    assert not TRANSACTION_FIELDS & (event_insert.doc.keys() | update.doc.keys() | insert.doc.keys())
    (document,) = insert.doc["documents"]
    assert (document["id"], document["token"]) == (VERSION_KEY, new_token(update))


def test_rsvp_is_still_created_when_the_version_write_after_the_commit_fails(wire, member, caplog):
    wire.fail_next("update", EVENTS_VERSIONS, code=121, errmsg="Document failed validation")

    response = rsvp(wire, member)

    assert response.json()["rsvp"]["status"] == "going"
    (commit,) = wire.sent("commitTransaction")
    assert wire.sent("insert", RSVPS)[0] in wire.commands[: wire.commands.index(commit)]
    (failed,) = wire.commands[wire.commands.index(commit) + 1 :]
    assert (failed.name, failed.collection) == ("update", EVENTS_VERSIONS)
    (record,) = [record for record in caplog.records if record.name == "django.db.backends.base"]
    assert record.levelno == logging.ERROR
    assert "_new_events_version" in record.getMessage()
    # The backend raises a bare DatabaseError; the server's answer is its cause.
    error = record.exc_info[1]
    assert isinstance(error, DatabaseError) and isinstance(error.__cause__, WriteError)
    assert error.__cause__.code == 121
