"""Events over the wire: document shapes, the list query, and writes filtered by the event key."""

import uuid
from datetime import datetime

import pytest

from tests.mongo.documents import (
    NOT_DRAFT_CASE,
    client_for,
    counted_cases,
    own_drafts_case,
    stored_event,
    stored_user,
)
from tests.mongo.events_version import transaction_of, version_write_in

USERS = "accounts_user"
EVENTS = "events_event"
RSVPS = "events_rsvp"
TICKETS = "events_ticket"


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
    # The insert and the events-version write commit together.
    (commit,) = wire.sent("commitTransaction")
    assert transaction_of(wire, commit) == [insert, version_write_in(wire, commit), commit]


def test_second_page_sorts_by_date_then_skips_and_limits(wire, owner):
    # The count of the events everyone sees, who has drafts (nobody), then the shared page.
    wire.answer(EVENTS, [{"__count": 3}], [], [stored_event(owner=owner, day=20)])

    response = client_for(owner).get("/events/all", {"page": 2, "pageSize": 2})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    assert [event["date"] for event in body["events"]] == ["2025-12-20T09:00:00.000Z"]
    count, drafters, page = wire.sent("aggregate", EVENTS)
    assert "$group" in str(count.doc["pipeline"])
    assert drafters.doc["pipeline"][0]["$match"] == {"status": "draft"}
    stages = {name: value for stage in page.doc["pipeline"] for name, value in stage.items()}
    assert stages["$sort"] == {"date": 1, "id": 1}
    assert (stages["$skip"], stages["$limit"]) == (2, 2)
    assert list(stages["$sort"]) == ["date", "id"]


def test_a_page_built_for_its_caller_counts_the_shared_events_and_their_drafts_in_one_aggregate(wire, owner):
    # Indented JSON is built for its caller (events.caching), not merged from the shared page;
    # its count still reads the collection once for both numbers.
    wire.answer(EVENTS, [{"shared": 4, "drafts": 1}], [stored_event(owner=owner, day=20)])

    response = client_for(owner).get("/events/all", {"pageSize": 2}, HTTP_ACCEPT="application/json; indent=2")

    assert response.status_code == 200, response.content
    assert response.json()["count"] == 5
    counts, page = wire.sent("aggregate", EVENTS)
    assert counted_cases(counts.doc["pipeline"]) == {
        "shared": NOT_DRAFT_CASE,
        "drafts": own_drafts_case(owner),
    }
    # Both counts in one reading of the collection: no filter in front of the group.
    assert not [stage for stage in counts.doc["pipeline"] if "$match" in stage]
    assert "$limit" in str(page.doc["pipeline"])


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
    (commit,) = wire.sent("commitTransaction")
    assert transaction_of(wire, commit) == [update, version_write_in(wire, commit), commit]


def test_capacity_change_fills_freed_seats_and_changes_the_version_in_the_update_transaction(wire, owner):
    event = {**stored_event(owner=owner), "capacity": 1, "going_count": 1}
    # The lookup, no more people going than the new capacity, the seat count read back.
    wire.answer(EVENTS, [event], [], [{**event, "capacity": 3}])
    # The update itself, then no waitlisted RSVP to promote: the seat taken for one goes back.
    wire.count("update", EVENTS, 1, 1)

    response = client_for(owner).patch(f"/events/{uuid.UUID(event['id'])}", {"capacity": 3}, format="json")

    assert response.status_code == 200, response.content
    save, take, release = wire.sent("update", EVENTS)
    assert set(save.doc["updates"][0]["u"][0]["$set"]) == {"capacity", "updated_at"}
    assert "'$lt': ['$going_count', '$capacity']" in str(take.doc["updates"][0]["q"])
    lookup, capacity_floor, refresh = wire.sent("aggregate", EVENTS)
    # After the save, in its transaction: is anyone going beyond the new capacity?
    assert capacity_floor.doc["pipeline"][0]["$match"] == {
        "$and": [{"going_count": {"$gt": 3}}, {"id": event["id"]}]
    }
    # The caller's own RSVP (the answer shows the event) is read with it; the waitlist in the update.
    my_rsvp, waitlist_head = wire.sent("aggregate", RSVPS)
    (commit,) = wire.sent("commitTransaction")
    version_write = version_write_in(wire, commit)
    assert transaction_of(wire, commit) == [
        save,
        capacity_floor,
        take,
        waitlist_head,
        release,
        version_write,
        commit,
    ]
    # The seat count is read back once it is committed.
    assert wire.commands.index(commit) < wire.commands.index(refresh)
    assert refresh.doc.get("autocommit") is None
    assert wire.commands.index(lookup) < wire.commands.index(my_rsvp) < wire.commands.index(save)


def test_owner_delete_removes_only_that_event(wire, owner):
    event = stored_event(owner=owner)
    wire.answer(EVENTS, [event])

    response = client_for(owner).delete(f"/events/{uuid.UUID(event['id'])}")

    assert response.status_code == 204, response.content
    assert_reads_event_by_key(wire, event)
    # The answer shows no event, so the caller's RSVP is not read with it; the reads of RSVPs,
    # inside the transaction, are who was coming, for the listeners of the deletion, and the
    # RSVPs the cascade deletes (read since their tickets' references are nulled).
    attendees, cascaded = wire.sent("aggregate", RSVPS)
    assert attendees.doc["pipeline"][0] == {"$match": {"event_id": event["id"]}}
    assert cascaded.doc["pipeline"][0] == {"$match": {"event_id": {"$in": [event["id"]]}}}
    (tickets,) = wire.sent("delete", TICKETS)
    assert tickets.doc["deletes"][0]["q"] == {"event_id": {"$in": [event["id"]]}}
    (delete,) = wire.sent("delete", EVENTS)
    (statement,) = delete.doc["deletes"]
    assert statement["q"] == {"id": {"$in": [event["id"]]}}
    (commit,) = wire.sent("commitTransaction")
    assert attendees in transaction_of(wire, commit) and cascaded in transaction_of(wire, commit)
    version_write = version_write_in(wire, commit)
    assert [command for command in wire.writes() if event["id"] not in str(command.doc)] == [version_write]
    assert all(command in transaction_of(wire, commit) for command in wire.writes())


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
