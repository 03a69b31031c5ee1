"""Check-in over the wire: one conditional update admits a ticket, and the team's reads of who came."""

import uuid
from datetime import datetime

from bson import ObjectId

from tests.mongo.documents import (
    AUDIT_ENTRIES,
    EVENTS,
    RSVPS,
    USERS,
    client_for,
    joined,
    stored_event,
    stored_rsvp,
    stored_user,
)
from tests.mongo.events_version import transaction_of

TICKETS = "events_ticket"
TEAM = "events_teammember"


def stored_ticket(*, rsvp: dict, checked_in_at: datetime | None = None) -> dict:
    return {
        "_id": ObjectId(),
        "id": uuid.uuid4().hex,
        "code": "door-code-0123456789ab",
        "event_id": rsvp["event_id"],
        "holder_id": rsvp["user_id"],
        "rsvp_id": rsvp["id"],
        "created_at": datetime(2025, 1, 3, 12, 0, 0),
        "voided_at": None,
        "checked_in_at": checked_in_at,
        "checked_in_by_id": None,
    }


def test_a_check_in_is_one_update_conditional_on_no_check_in_before_and_its_audit_entry_in_one_transaction(
    wire,
):
    owner, guest = stored_user(email="host@example.com"), stored_user(email="guest@example.com")
    event = stored_event(owner=owner)
    rsvp = stored_rsvp(event=event, user=guest)
    ticket = stored_ticket(rsvp=rsvp)
    wire.answer(USERS, [owner])
    wire.answer(EVENTS, [event])
    # The ticket by its code within the event, with its holder and RSVP.
    wire.answer(TICKETS, [joined(ticket, accounts_user=guest, events_rsvp=rsvp)])
    wire.count("update", TICKETS, 1)

    response = client_for(owner).post(
        f"/events/{event['id']}/checkin", {"code": ticket["code"]}, format="json"
    )

    assert response.status_code == 200, response.content
    (lookup,) = wire.sent("aggregate", TICKETS)
    assert {"$and": [{"code": ticket["code"]}, {"event_id": event["id"]}]} in [
        stage.get("$match") for stage in lookup.doc["pipeline"]
    ]
    update, audit_entry = wire.writes()
    assert (update.name, audit_entry.name, audit_entry.collection) == ("update", "insert", AUDIT_ENTRIES)
    (commit,) = wire.sent("commitTransaction")
    assert transaction_of(wire, commit) == [update, audit_entry, commit]
    (statement,) = update.doc["updates"]
    assert {"id": ticket["id"]} in statement["q"]["$and"]
    assert {"$or": [{"checked_in_at": {"$exists": False}}, {"checked_in_at": None}]} in statement["q"]["$and"]
    assert {"$or": [{"voided_at": {"$exists": False}}, {"voided_at": None}]} in statement["q"]["$and"]
    assert statement["u"][0]["$set"]["checked_in_by_id"] == {"$literal": owner["id"]}


def test_a_refused_check_in_is_told_the_stored_time_and_writes_nothing(wire):
    owner, guest = stored_user(email="host@example.com"), stored_user(email="guest@example.com")
    event = stored_event(owner=owner)
    rsvp = stored_rsvp(event=event, user=guest)
    ticket = stored_ticket(rsvp=rsvp, checked_in_at=datetime(2025, 12, 15, 8, 59, 1, 250000))
    wire.answer(USERS, [owner])
    wire.answer(EVENTS, [event])
    wire.answer(TICKETS, [joined(ticket, accounts_user=guest, events_rsvp=rsvp)])

    response = client_for(owner).post(
        f"/events/{event['id']}/checkin", {"code": ticket["code"]}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["checkedInAt"] == "2025-12-15T08:59:01.250Z"
    assert wire.writes() == []


def test_the_attendee_list_reads_its_pages_tickets_in_one_more_read(wire):
    owner, guest = stored_user(email="host@example.com"), stored_user(email="guest@example.com")
    event = stored_event(owner=owner)
    rsvp = stored_rsvp(event=event, user=guest)
    wire.answer(USERS, [owner])
    wire.answer(EVENTS, [event])
    wire.answer(RSVPS, [{"__count": 1}], [joined(rsvp, accounts_user=guest)])
    wire.answer(TICKETS, [stored_ticket(rsvp=rsvp, checked_in_at=datetime(2025, 12, 15, 9, 0, 0))])

    response = client_for(owner).get(f"/events/{event['id']}/attendees")

    assert response.status_code == 200, response.content
    assert response.json()["attendees"][0]["checkedInAt"] == "2025-12-15T09:00:00.000Z"
    (tickets,) = wire.sent("aggregate", TICKETS)
    assert tickets.doc["pipeline"] == [{"$match": {"rsvp_id": {"$in": [rsvp["id"]]}}}]


def test_the_event_shows_its_owner_one_count_of_checked_in_tickets(wire):
    owner = stored_user(email="host@example.com")
    event = stored_event(owner=owner)
    wire.answer(USERS, [owner])
    wire.answer(EVENTS, [event])
    wire.answer(TICKETS, [{"__count": 3}])

    response = client_for(owner).get(f"/events/{event['id']}")

    assert response.json()["event"]["checkedInCount"] == 3
    (count,) = wire.sent("aggregate", TICKETS)
    assert count.doc["pipeline"][0]["$match"] == {
        "$and": [
            {"$and": [{"checked_in_at": {"$exists": True}}, {"checked_in_at": {"$ne": None}}]},
            {"event_id": event["id"]},
        ]
    }
    assert wire.sent("aggregate", TEAM) == []


def test_the_event_reads_no_tickets_for_a_caller_outside_its_team(wire):
    caller = stored_user(email="guest@example.com")
    event = stored_event(owner=stored_user(email="host@example.com"))
    wire.answer(USERS, [caller])
    wire.answer(EVENTS, [event])

    response = client_for(caller).get(f"/events/{event['id']}")

    assert "checkedInCount" not in response.json()["event"]
    (role,) = wire.sent("aggregate", TEAM)
    assert {"$and": [{"event_id": event["id"]}, {"user_id": caller["id"]}]} in [
        stage.get("$match") for stage in role.doc["pipeline"]
    ]
    assert wire.sent("aggregate", TICKETS) == []
