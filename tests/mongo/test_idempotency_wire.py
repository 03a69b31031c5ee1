"""Idempotent event creation over the wire: the claimed key, one transaction, and replays without writes."""

import uuid

import pytest

from tests.mongo.documents import EVENTS, IDEMPOTENCY_KEYS, USERS, client_for, stored_user
from tests.mongo.events_version import transaction_of, version_write_in

KEY = "create-7f3c9a"
BODY = {"title": "Tech Conference 2025", "date": "2025-12-15T09:00:00Z", "location": "San Francisco, CA"}


@pytest.fixture
def owner(wire):
    user = stored_user()
    wire.answer(USERS, [user])
    return user


def create_event(client, body=BODY):
    return client.post("/events/create", body, format="json", HTTP_IDEMPOTENCY_KEY=KEY)


def session_of(command) -> tuple:
    return command.doc["lsid"], command.doc["txnNumber"]


def literal(value: dict):
    return value["$literal"]


def stored_key_row(wire) -> dict:
    """The key row as the database holds it after a first request: the claim plus the stored answer."""
    (claim,) = wire.sent("insert", IDEMPOTENCY_KEYS)
    (answer,) = wire.sent("update", IDEMPOTENCY_KEYS)
    (statement,) = answer.doc["updates"]
    stored = {name: literal(value) for name, value in statement["u"][0]["$set"].items()}
    return {**claim.doc["documents"][0], **stored}


def replay_setup(wire, owner: dict, row: dict) -> None:
    """A later request with the same key: the claim hits the unique scope, the row is read back."""
    wire.reset()
    wire.answer(USERS, [owner])
    wire.fail_next("insert", IDEMPOTENCY_KEYS, code=11000, errmsg="E11000 duplicate key error index: scope_1")
    wire.answer(IDEMPOTENCY_KEYS, [row])


def test_first_request_claims_the_key_then_commits_event_and_answer_in_one_transaction(wire, owner):
    response = create_event(client_for(owner))

    assert response.status_code == 201, response.content
    (claim,) = wire.sent("insert", IDEMPOTENCY_KEYS)
    (row,) = claim.doc["documents"]
    assert row["scope"] == f"{uuid.UUID(owner['id'])}:{KEY}"
    assert (row["user_id"], row["status_code"]) == (owner["id"], None)
    # The in-progress claim commits on its own, before the work, so a concurrent duplicate sees it.
    assert "startTransaction" not in claim.doc
    (event_insert,) = wire.sent("insert", EVENTS)
    (answer,) = wire.sent("update", IDEMPOTENCY_KEYS)
    (commit,) = wire.sent("commitTransaction")
    assert event_insert.doc["startTransaction"] is True
    assert session_of(event_insert) == session_of(answer) == session_of(commit)
    assert wire.commands.index(claim) < wire.commands.index(event_insert) < wire.commands.index(answer)
    # The events version changes in the same transaction: the event, the version, then the answer.
    version_write = version_write_in(wire, commit)
    assert transaction_of(wire, commit) == [event_insert, version_write, answer, commit]
    (statement,) = answer.doc["updates"]
    assert statement["q"] == {"id": row["id"]}
    stored = statement["u"][0]["$set"]
    assert literal(stored["status_code"]) == 201
    assert literal(stored["response_body"]) == response.json()


def test_replay_reads_the_key_by_scope_and_inserts_no_event(wire, owner):
    client = client_for(owner)
    first = create_event(client)
    row = stored_key_row(wire)
    replay_setup(wire, owner, row)

    replay = create_event(client)

    assert replay.status_code == 201, replay.content
    assert replay.json() == first.json()
    assert replay["Idempotent-Replayed"] == "true"
    (lookup,) = wire.sent("aggregate", IDEMPOTENCY_KEYS)
    assert lookup.doc["pipeline"][0]["$match"] == {"scope": row["scope"]}
    assert wire.sent("insert", EVENTS) == []
    assert [command.collection for command in wire.writes()] == [IDEMPOTENCY_KEYS]


def test_same_key_with_another_body_is_refused_without_a_write(wire, owner):
    client = client_for(owner)
    create_event(client)
    replay_setup(wire, owner, stored_key_row(wire))

    response = create_event(client, {**BODY, "title": "Another event"})

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert wire.sent("insert", EVENTS) == []
    assert wire.sent("update", IDEMPOTENCY_KEYS) == []
