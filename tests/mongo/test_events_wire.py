"""Events over the wire: document shapes, the list query, and writes filtered by the event key."""

import uuid
from datetime import datetime

import pytest

from tests.mongo.documents import client_for, own_drafts_match, stored_event, stored_user
from tests.mongo.events_version import version_writes_after

USERS = "accounts_user"
EVENTS = "events_event"


@pytest.fixture
def owner(wire):
    user = stored_user()
    wire.answer(USERS, [user])
    return user


def test_create_event_inserts_typed_document(wire, owner):
    response = client_for(owner).post(
        "/events/create",
        {
            "title": "Tech Conference 2025",
            "description": "Annual technology conference",
            "date": "2025-12-15T10:00:00.123456+01:00",
            "location": "San Francisco, CA",
            "createdBy": str(uuid.uuid4()),
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()["event"]
    (insert,) = wire.sent("insert", EVENTS)
    (document,) = insert.doc["documents"]
    assert document["id"] == uuid.UUID(body["eventId"]).hex
    assert document["created_by_id"] == owner["id"]
    assert document["date"] == datetime(2025, 12, 15, 9, 0, 0, 123000)
    assert isinstance(document["created_at"], datetime)
    assert {key: document[key] for key in ("title", "description", "location")} == {
        "title": "Tech Conference 2025",
        "description": "Annual technology conference",
        "location": "San Francisco, CA",
    }
    assert body["date"] == "2025-12-15T09:00:00.123Z"


def test_second_page_sorts_by_date_then_skips_and_limits(wire, owner):
    # The events everyone sees are counted apart from the caller's own drafts (events.caching).
    wire.answer(EVENTS, [{"__count": 4}], [{"__count": 1}], [stored_event(owner=owner, day=20)])

    response = client_for(owner).get("/events/all", {"page": 2, "pageSize": 2})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 5
    assert [event["date"] for event in body["events"]] == ["2025-12-20T09:00:00.000Z"]
    shared, drafts, page = wire.sent("aggregate", EVENTS)
    assert "$group" in str(shared.doc["pipeline"]) and "$group" in str(drafts.doc["pipeline"])
    assert shared.doc["pipeline"][0]["$match"] == {"$nor": [{"status": "draft"}]}
    assert drafts.doc["pipeline"][0]["$match"] == own_drafts_match(owner)
    stages = {name: value for stage in page.doc["pipeline"] for name, value in stage.items()}
    assert stages["$sort"] == {"date": 1, "id": 1}
    assert (stages["$skip"], stages["$limit"]) == (2, 2)
    assert list(stages["$sort"]) == ["date", "id"]


def match_terms(match: dict) -> list[dict]:
    """The ``$match`` itself, or its ``$and`` terms (visibility rules may add their own)."""
    return list(match["$and"]) if set(match) == {"$and"} else [match]


def assert_reads_event_by_key(wire, event: dict) -> None:
    (lookup,) = wire.sent("aggregate", EVENTS)
    assert {"id": event["id"]} in match_terms(lookup.doc["pipeline"][0]["$match"])


def test_owner_update_writes_only_that_event(wire, owner):
    event = stored_event(owner=owner)
    wire.answer(EVENTS, [event])

    response = client_for(owner).patch(
        f"/events/{uuid.UUID(event['id'])}", {"title": "Renamed"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert_reads_event_by_key(wire, event)
    (update,) = wire.sent("update", EVENTS)
    (statement,) = update.doc["updates"]
    assert statement["q"] == {"id": event["id"]}
    (change,) = statement["u"]
    assert set(change["$set"]) == {"title", "updated_at"}
    assert change["$set"]["title"] == {"$literal": "Renamed"}


def test_owner_delete_removes_only_that_event(wire, owner):
    event = stored_event(owner=owner)
    wire.answer(EVENTS, [event])

    response = client_for(owner).delete(f"/events/{uuid.UUID(event['id'])}")

    assert response.status_code == 204, response.content
    assert_reads_event_by_key(wire, event)
    (delete,) = wire.sent("delete", EVENTS)
    (statement,) = delete.doc["deletes"]
    assert statement["q"] == {"id": {"$in": [event["id"]]}}
    (commit,) = wire.sent("commitTransaction")
    (version_write,) = version_writes_after(wire, commit)
    assert [command for command in wire.writes() if event["id"] not in str(command.doc)] == [version_write]


def test_non_owner_update_sends_no_write(wire, owner):
    event = stored_event(owner=stored_user(email="someone@example.com"))
    wire.answer(EVENTS, [event])

    response = client_for(owner).put(
        f"/events/{uuid.UUID(event['id'])}",
        {"title": "Mine now", "date": "2026-01-01T00:00:00Z"},
        format="json",
    )

    assert response.status_code == 403
    assert_reads_event_by_key(wire, event)
    assert wire.writes() == []
