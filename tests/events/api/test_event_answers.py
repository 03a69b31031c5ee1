"""The ``{"message", "event"}`` answers carry the caller's RSVP where they show an event."""

import pytest

from tests.factories import RsvpFactory
from tests.helpers import database_statements, reads_of

pytestmark = pytest.mark.django_db


def test_a_changed_event_answer_shows_my_rsvp_to_it(auth_client, user, event):
    mine = RsvpFactory(user=user, event=event)

    response = auth_client.patch(f"/events/{event.pk}", {"title": "Renamed"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["message"] == "Event updated successfully"
    assert response.json()["event"]["myRsvp"]["rsvpId"] == str(mine.pk)


def test_a_replaced_event_answer_shows_no_rsvp_when_i_have_none(auth_client, event, other_user):
    RsvpFactory(user=other_user, event=event)
    body = {"title": "Replaced", "date": "2031-01-01T10:00:00Z"}

    response = auth_client.put(f"/events/{event.pk}", body, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["event"]["myRsvp"] is None


def test_creating_an_event_reads_no_rsvps(auth_client):
    with database_statements() as statements:
        response = auth_client.post(
            "/events", {"title": "New", "date": "2031-01-01T10:00:00Z"}, format="json"
        )

    assert response.status_code == 201, response.content
    assert response.json()["event"]["myRsvp"] is None
    assert reads_of(statements, "events_rsvp") == []
