"""Withdrawing an RSVP over the wire: the ticket voided, delete, seat release and waitlist
promotion in one transaction."""

from tests.mongo.documents import (
    EVENTS,
    RSVPS,
    TICKETS,
    USERS,
    client_for,
    joined,
    stored_event,
    stored_rsvp,
    stored_user,
)
from tests.mongo.events_version import EVENTS_VERSIONS, transaction_of, version_write_in

TAKE_SEAT = [{"$set": {"going_count": {"$add": ["$going_count", {"$literal": 1}]}}}]
RELEASE_SEAT = [{"$set": {"going_count": {"$subtract": ["$going_count", {"$literal": 1}]}}}]


def only_statement(command) -> dict:
    (statement,) = command.doc["updates" if command.name == "update" else "deletes"]
    return statement


def test_withdrawing_a_seat_promotes_the_oldest_waitlisted_in_the_same_transaction(wire):
    member = stored_user()
    event = {**stored_event(owner=stored_user(email="host@example.com")), "capacity": 1, "going_count": 1}
    mine = stored_rsvp(event=event, user=member, day=3)
    waiting = stored_rsvp(event=event, user=stored_user(email="next@example.com"), status="waitlisted", day=4)
    wire.answer(USERS, [member])
    wire.answer(EVENTS, [event])
    # The withdrawal's lookup (with its event), the going RSVP the delete collects (its ticket's
    # reference is nulled by Django's SET_NULL), the waitlist head; the answer shows no event,
    # so no own-RSVP prefetch.
    wire.answer(RSVPS, [joined(mine, events_event=event)], [mine], [waiting])
    # Release, the freed seat taken for the promotion, then no seat left for anyone else.
    wire.count("update", EVENTS, 1, 1, 0)

    response = client_for(member).delete(f"/events/{event['id']}/rsvp")

    assert response.status_code == 204, response.content
    lookup, collected, waitlist_head = wire.sent("aggregate", RSVPS)
    assert lookup.doc["pipeline"][0]["$lookup"]["from"] == EVENTS
    assert {"$and": [{"event_id": event["id"]}, {"user_id": member["id"]}]} in [
        stage.get("$match") for stage in lookup.doc["pipeline"]
    ]
    writes = [command for command in wire.writes() if command.collection != EVENTS_VERSIONS]
    assert [(command.name, command.collection) for command in writes] == [
        ("update", TICKETS),
        ("update", TICKETS),
        ("delete", RSVPS),
        ("update", EVENTS),
        ("update", EVENTS),
        ("update", RSVPS),
        ("update", EVENTS),
    ]
    void, unlink, withdraw, release, take, promote, take_again = map(only_statement, writes)
    # The ticket is voided (and let go of its RSVP) first, by its RSVP, only if still valid.
    assert void["q"]["$and"][0] == {"rsvp_id": mine["id"]}
    assert "voided_at" in str(void["q"]["$and"][1])
    assert set(void["u"][0]["$set"]) == {"voided_at", "rsvp_id"}
    assert void["u"][0]["$set"]["rsvp_id"] == {"$literal": None}
    assert collected.doc["pipeline"][0]["$match"] == {"$and": [{"id": mine["id"]}, {"status": "going"}]}
    assert unlink["q"] == {"rsvp_id": {"$in": [mine["id"]]}}
    assert withdraw["q"] == {"id": {"$in": [mine["id"]]}}
    assert {"id": event["id"]} in release["q"]["$and"] and release["u"] == RELEASE_SEAT
    assert take["u"] == take_again["u"] == TAKE_SEAT
    assert "'$lt': ['$going_count', '$capacity']" in str(take["q"])
    assert promote["q"] == {"id": waiting["id"]}
    assert promote["u"] == [{"$set": {"status": {"$literal": "going"}}}]
    assert waitlist_head.doc["pipeline"][0]["$match"] == {
        "$and": [{"event_id": event["id"]}, {"status": "waitlisted"}]
    }
    assert {"$sort": {"created_at": 1, "id": 1}} in waitlist_head.doc["pipeline"]
    (commit,) = wire.sent("commitTransaction")
    # The withdrawal and the promotion both change the lists: one version write covers both,
    # in the same transaction, after them.
    version_write = version_write_in(wire, commit)
    assert transaction_of(wire, commit) == [
        writes[0],
        collected,
        *writes[1:5],
        waitlist_head,
        *writes[5:],
        version_write,
        commit,
    ]
    assert writes[0].doc["startTransaction"] is True
