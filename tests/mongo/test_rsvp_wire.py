"""RSVPs and event filters over the wire: one conditional update takes a seat, in one transaction
with the RSVP, its ticket and the events version; a duplicate RSVP aborts it."""

import pytest

from tests.mongo.documents import (
    EVENTS,
    IDEMPOTENCY_KEYS,
    RSVPS,
    TICKETS,
    USERS,
    client_for,
    stored_event,
    stored_rsvp,
    stored_user,
)
from tests.mongo.events_version import (
    EVENTS_VERSIONS,
    TRANSACTION_FIELDS,
    transaction_key,
    transaction_of,
    version_write_in,
)

RSVP_DUPLICATE = "E11000 duplicate key error collection: events_rsvp index: rsvp_event_user_uniq"


@pytest.fixture
def member(wire):
    user = stored_user()
    wire.answer(USERS, [user])
    return user


def test_rsvp_takes_a_seat_with_one_conditional_update_and_issues_its_ticket_in_a_transaction(wire, member):
    event = {**stored_event(owner=stored_user(email="host@example.com")), "capacity": 2}
    wire.answer(EVENTS, [event])

    response = client_for(member).post(f"/events/{event['id']}/rsvp")

    assert response.status_code == 201, response.content
    assert response.json()["rsvp"]["status"] == "going"
    (update,) = wire.sent("update", EVENTS)
    (statement,) = update.doc["updates"]
    condition = str(statement["q"])
    assert f"'id': '{event['id']}'" in condition
    assert "'status': 'published'" in condition
    assert "'$lt': ['$going_count', '$capacity']" in condition
    assert statement["u"] == [{"$set": {"going_count": {"$add": ["$going_count", {"$literal": 1}]}}}]
    (insert,) = wire.sent("insert", RSVPS)
    (document,) = insert.doc["documents"]
    assert (document["event_id"], document["user_id"], document["status"]) == (
        event["id"],
        member["id"],
        "going",
    )
    (ticket_insert,) = wire.sent("insert", TICKETS)
    (ticket,) = ticket_insert.doc["documents"]
    assert (ticket["rsvp_id"], ticket["event_id"], ticket["holder_id"]) == (
        document["id"],
        event["id"],
        member["id"],
    )
    assert len(ticket["code"]) == 22 and ticket["voided_at"] is None
    # No lookup of an existing RSVP first: the seat, the RSVP, its ticket and the version in
    # one transaction.
    (commit,) = wire.sent("commitTransaction")
    assert transaction_of(wire, commit) == [
        update,
        insert,
        ticket_insert,
        version_write_in(wire, commit),
        commit,
    ]
    assert not wire.sent("aggregate", RSVPS)


def test_event_filters_become_one_escaped_match(wire, member):
    event = stored_event(owner=member, title="a.b* night")
    # The filtered count of the events everyone sees, who has drafts (nobody), the page.
    wire.answer(EVENTS, [{"_id": None, "__count": 1}], [], [event])

    response = client_for(member).get(
        "/events", {"q": "a.b*", "from": "2030-01-01T00:00:00Z", "hasSpots": "true", "ordering": "-date"}
    )

    assert response.status_code == 200, response.content
    assert [item["title"] for item in response.json()["events"]] == ["a.b* night"]
    count, _, page = (str(command.doc["pipeline"]) for command in wire.sent("aggregate", EVENTS))
    assert "'$regex': 'a\\\\.b\\\\*', '$options': 'i'" in page
    assert "'end_date'" in page and "'$lt': ['$going_count', '$capacity']" in page
    assert "'$sort': OrderedDict({'date': -1, 'id': 1})" in page
    assert "'$regex': 'a\\\\.b\\\\*', '$options': 'i'" in count


def open_event(wire, *, attempts: int = 1) -> dict:
    """An open event with free seats, read by the view ``attempts`` times."""
    event = {**stored_event(owner=stored_user(email="host@example.com")), "capacity": 2}
    wire.answer(EVENTS, *[[event]] * attempts)
    return event


def test_duplicate_rsvp_aborts_the_transaction_then_reads_the_existing_rsvp_after_it(wire, member):
    event = open_event(wire)
    existing = stored_rsvp(event=event, user=member, status="waitlisted")
    wire.fail_next("insert", RSVPS, code=11000, errmsg=RSVP_DUPLICATE)
    wire.answer(RSVPS, [existing])

    response = client_for(member).post(f"/events/{event['id']}/rsvp")

    assert response.status_code == 200, response.content
    assert response.json()["message"] == "RSVP already exists"
    assert response.json()["rsvp"]["status"] == "waitlisted"
    (update,) = wire.sent("update", EVENTS)
    (insert,) = wire.sent("insert", RSVPS)
    (abort,) = wire.sent("abortTransaction")
    # The seat taken for the lost insert goes with the aborted transaction; nothing commits,
    # and no ticket is issued.
    assert transaction_of(wire, abort) == [update, insert, abort]
    assert not wire.sent("insert", TICKETS)
    assert not wire.sent("commitTransaction")
    assert not [command for command in wire.commands if command.collection == EVENTS_VERSIONS]
    (lookup,) = wire.sent("aggregate", RSVPS)
    assert wire.commands.index(abort) < wire.commands.index(lookup)
    assert not TRANSACTION_FIELDS & lookup.doc.keys() and "txnNumber" not in lookup.doc
    assert {"$and": [{"event_id": event["id"]}, {"user_id": member["id"]}]} in [
        stage.get("$match") for stage in lookup.doc["pipeline"]
    ]


def test_idempotent_rsvp_looks_for_the_rsvp_first_and_runs_again_whole_after_a_lost_race(wire, member):
    event = open_event(wire, attempts=2)
    existing = stored_rsvp(event=event, user=member)
    # The first attempt finds no RSVP, but the insert meets a concurrent request's; the second finds it.
    wire.answer(RSVPS, [], [existing])
    wire.fail_next("insert", RSVPS, code=11000, errmsg=RSVP_DUPLICATE)

    response = client_for(member).post(f"/events/{event['id']}/rsvp", HTTP_IDEMPOTENCY_KEY="rsvp-7f3c9a")

    assert response.status_code == 200, response.content
    assert response.json()["rsvp"]["status"] == "going"
    (claim,) = wire.sent("insert", IDEMPOTENCY_KEYS)
    assert "startTransaction" not in claim.doc
    (abort,) = wire.sent("abortTransaction")
    (commit,) = wire.sent("commitTransaction")
    first_read, second_read = wire.sent("aggregate", EVENTS)
    first_lookup, second_lookup = wire.sent("aggregate", RSVPS)
    (seat,) = wire.sent("update", EVENTS)
    (insert,) = wire.sent("insert", RSVPS)
    assert transaction_of(wire, abort) == [first_read, first_lookup, seat, insert, abort]
    (answer,) = wire.sent("update", IDEMPOTENCY_KEYS)
    assert transaction_of(wire, commit) == [second_read, second_lookup, answer, commit]
    assert wire.commands.index(abort) < wire.commands.index(second_read)
    assert transaction_key(abort) != transaction_key(commit)
    # The answer stored is the one the second attempt gave; no RSVP was written, so no version.
    assert answer.doc["updates"][0]["u"][0]["$set"]["status_code"] == {"$literal": 200}
    assert not [command for command in wire.commands if command.collection == EVENTS_VERSIONS]
    assert not wire.sent("delete", IDEMPOTENCY_KEYS)
