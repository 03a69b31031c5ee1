"""RSVPs and event filters over the wire: one conditional update takes a seat."""

import pytest

from tests.mongo.documents import client_for, stored_event, stored_user
from tests.mongo.events_version import version_writes_after

USERS = "accounts_user"
EVENTS = "events_event"
RSVPS = "events_rsvp"


@pytest.fixture
def member(wire):
    user = stored_user()
    wire.answer(USERS, [user])
    return user


def test_rsvp_takes_a_seat_with_one_conditional_update_in_a_transaction(wire, member):
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
    assert update.doc["startTransaction"] is True
    assert insert.doc["txnNumber"] == update.doc["txnNumber"]
    (commit,) = wire.sent("commitTransaction")
    assert wire.commands.index(insert) < wire.commands.index(commit)
    assert len(version_writes_after(wire, commit)) == 1


def test_event_filters_become_one_escaped_match(wire, member):
    event = stored_event(owner=member, title="a.b* night")
    wire.answer(EVENTS, [{"_id": None, "__count": 1}], [event])

    response = client_for(member).get(
        "/events", {"q": "a.b*", "from": "2030-01-01T00:00:00Z", "hasSpots": "true", "ordering": "-date"}
    )

    assert response.status_code == 200, response.content
    assert [item["title"] for item in response.json()["events"]] == ["a.b* night"]
    count, page = (str(command.doc["pipeline"]) for command in wire.sent("aggregate", EVENTS))
    assert "'$regex': 'a\\\\.b\\\\*', '$options': 'i'" in page
    assert "'end_date'" in page and "'$lt': ['$going_count', '$capacity']" in page
    assert "'$sort': OrderedDict({'date': -1, 'id': 1})" in page
    assert "'$regex': 'a\\\\.b\\\\*', '$options': 'i'" in count
