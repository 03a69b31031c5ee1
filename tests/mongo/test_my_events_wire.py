"""The caller's RSVPs and personal iCalendar feed over the wire: the joins the backend sends."""

import uuid

import icalendar

from tests.mongo.documents import (
    CALENDAR_FEEDS,
    EVENTS,
    RSVPS,
    USERS,
    client_for,
    joined,
    stored_calendar_feed,
    stored_event,
    stored_rsvp,
    stored_user,
)


def stage(command, name: str):
    (value,) = [step[name] for step in command.doc["pipeline"] if name in step]
    return value


def test_calendar_feed_finds_the_active_owner_by_key_and_lists_events_they_go_to(wire, api_client):
    user = stored_user()
    feed = stored_calendar_feed(user=user)
    event = stored_event(owner=stored_user(email="host@example.com"))
    wire.answer(CALENDAR_FEEDS, [joined(feed, accounts_user=user)])
    wire.answer(EVENTS, [event])

    response = api_client.get("/users/me/calendar.ics", {"key": str(uuid.UUID(feed["key"]))})

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    (component,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(component["UID"]).startswith(str(uuid.UUID(event["id"])))
    assert str(component["SUMMARY"]) == event["title"]
    (feed_lookup,) = wire.sent("aggregate", CALENDAR_FEEDS)
    assert stage(feed_lookup, "$lookup")["from"] == USERS
    assert stage(feed_lookup, "$match") == {"$and": [{"key": feed["key"]}, {"accounts_user.is_active": True}]}
    (events_query,) = wire.sent("aggregate", EVENTS)
    going = {"$and": [{"events_rsvp.status": "going"}, {"events_rsvp.user_id": user["id"]}]}
    assert stage(events_query, "$lookup")["from"] == RSVPS
    assert stage(events_query, "$match") == going
    assert stage(events_query, "$sort") == {"date": 1, "id": 1}
    assert wire.writes() == []


def test_unknown_feed_key_answers_404_and_a_malformed_one_queries_nothing(wire, api_client):
    unknown = api_client.get("/users/me/calendar.ics", {"key": str(uuid.uuid4())})
    queries_for_unknown = len(wire.commands)
    malformed = api_client.get("/users/me/calendar.ics", {"key": "not-a-key"})

    assert (unknown.status_code, malformed.status_code) == (404, 404)
    assert unknown.json()["code"] == "not_found"
    assert [command.collection for command in wire.commands] == [CALENDAR_FEEDS]
    assert queries_for_unknown == 1


def test_my_rsvps_counts_then_pages_my_rsvps_joined_to_their_events_by_date(wire):
    user = stored_user()
    event = stored_event(owner=stored_user(email="host@example.com"))
    rsvp = stored_rsvp(event=event, user=user, status="waitlisted")
    wire.answer(USERS, [user])
    wire.answer(RSVPS, [{"__count": 1}], [joined(rsvp, events_event=event)])

    response = client_for(user).get("/users/me/rsvps")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    (item,) = body["rsvps"]
    assert (item["rsvpId"], item["status"]) == (str(uuid.UUID(rsvp["id"])), "waitlisted")
    assert item["event"]["eventId"] == str(uuid.UUID(event["id"]))
    assert item["event"]["myRsvp"]["status"] == "waitlisted"
    count, page = wire.sent("aggregate", RSVPS)
    assert count.doc["pipeline"][0]["$match"] == {"user_id": user["id"]}
    assert stage(page, "$lookup")["from"] == EVENTS
    assert stage(page, "$match") == {"user_id": user["id"]}
    assert list(stage(page, "$sort")) == ["events_event.date", "event_id"]
    assert wire.writes() == []
