"""Rows with the same timestamp come back in id order, on every list and export.

MongoDB keeps milliseconds, so two events or RSVPs written in the same millisecond carry
equal timestamps; without the id as tie-breaker their order would be whatever the engine's
plan gives, and pages could repeat or skip a row. Each test inserts the larger id first,
so the insertion order (a scan's natural order) differs from the id order.
"""

import csv
import io
import uuid
from datetime import UTC, datetime

import pytest

from tests.factories import EventFactory, RsvpFactory, UserFactory
from tests.helpers import bearer_client

pytestmark = pytest.mark.django_db

SAME_MOMENT = datetime(2031, 3, 1, 18, 30, tzinfo=UTC)
FIRST, SECOND, THIRD = (uuid.UUID(int=n) for n in (1, 2, 3))


def events_at_the_same_moment():
    """Three events sharing ``date`` and ``created_at``, inserted in reverse id order."""
    for event_id in (THIRD, SECOND, FIRST):
        EventFactory(id=event_id, date=SAME_MOMENT, created_at=SAME_MOMENT)


def rsvps_at_the_same_moment(event):
    """Three RSVPs to ``event`` sharing ``created_at``, inserted in reverse id order."""
    return [
        RsvpFactory(id=rsvp_id, event=event, created_at=SAME_MOMENT) for rsvp_id in (THIRD, SECOND, FIRST)
    ]


def event_ids(client, **params) -> list[uuid.UUID]:
    response = client.get("/events", params)
    assert response.status_code == 200, response.content
    return [uuid.UUID(event["eventId"]) for event in response.json()["events"]]


@pytest.mark.parametrize("ordering", [None, "date", "-date", "createdAt", "-createdAt"])
def test_events_with_the_same_date_are_listed_by_id(user, no_list_cache, ordering):
    events_at_the_same_moment()
    params = {} if ordering is None else {"ordering": ordering}

    assert event_ids(bearer_client(user), **params) == [FIRST, SECOND, THIRD]


def test_pages_of_events_with_the_same_date_neither_repeat_nor_skip_one(user, no_list_cache):
    events_at_the_same_moment()
    client = bearer_client(user)

    pages = [event_ids(client, pageSize=1, page=page) for page in (1, 2, 3)]

    assert pages == [[FIRST], [SECOND], [THIRD]]


def test_attendees_who_answered_in_the_same_millisecond_are_listed_by_rsvp_id(user):
    event = EventFactory(created_by=user, capacity=10)
    rsvps_at_the_same_moment(event)

    response = bearer_client(user).get(f"/events/{event.pk}/attendees")

    assert response.status_code == 200, response.content
    assert [uuid.UUID(item["rsvpId"]) for item in response.json()["attendees"]] == [FIRST, SECOND, THIRD]


def test_my_rsvps_to_events_at_the_same_moment_are_listed_by_event_id(user):
    for event_id in (THIRD, SECOND, FIRST):
        RsvpFactory(user=user, event=EventFactory(id=event_id, date=SAME_MOMENT))

    response = bearer_client(user).get("/users/me/rsvps")

    assert response.status_code == 200, response.content
    assert [uuid.UUID(item["event"]["eventId"]) for item in response.json()["rsvps"]] == [
        FIRST,
        SECOND,
        THIRD,
    ]


def test_the_admin_attendee_export_lists_same_moment_rsvps_by_id(admin_site_client):
    event = EventFactory(capacity=10)
    rsvps = {rsvp.pk: rsvp.user.email for rsvp in rsvps_at_the_same_moment(event)}

    response = admin_site_client.post(
        "/admin/events/event/", {"action": "export_attendees_csv", "_selected_action": [str(event.pk)]}
    )

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["email"] for row in rows] == [rsvps[FIRST], rsvps[SECOND], rsvps[THIRD]]


def test_the_admin_event_page_shows_same_moment_attendees_by_rsvp_id(admin_site_client):
    event = EventFactory(capacity=10)
    emails = {rsvp.pk: rsvp.user.email for rsvp in rsvps_at_the_same_moment(event)}

    page = admin_site_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()

    positions = [page.index(emails[rsvp_id]) for rsvp_id in (FIRST, SECOND, THIRD)]
    assert positions == sorted(positions)


def test_the_admin_event_list_shows_events_with_the_same_date_by_id(admin_site_client):
    """Newest first, as the admin sorts events; the id breaks the tie in the same direction."""
    creator = UserFactory()
    for event_id, title in ((THIRD, "Third"), (SECOND, "Second"), (FIRST, "First")):
        EventFactory(id=event_id, title=f"Same moment {title}", date=SAME_MOMENT, created_by=creator)

    page = admin_site_client.get("/admin/events/event/").content.decode()

    positions = [page.index(f"Same moment {title}") for title in ("Third", "Second", "First")]
    assert positions == sorted(positions)
