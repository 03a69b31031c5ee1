"""An event with RSVPs cannot go back to draft: its attendees would be stranded.

A draft is invisible to everyone but its creator and staff, so an attendee could neither
see nor withdraw their RSVP (``DELETE /events/{id}/rsvp`` would answer 404) while it stays
in their RSVP list and calendar feed.
"""

import pytest

from events.models import Event
from tests.events.admin_forms import (
    change_form,
    change_path,
    rsvp_while_the_admin_saves,
    rsvp_while_the_api_validates,
)
from tests.factories import EventFactory, RsvpFactory, UserFactory
from tests.helpers import assert_error, bearer_client, rsvp_path

pytestmark = pytest.mark.django_db


def stored_status(event) -> str:
    return Event.objects.get(pk=event.pk).status


@pytest.mark.parametrize("rsvp_status", ["going", "waitlisted"])
@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("patch", {"status": "draft"}),
        ("put", {"title": "Back to draft", "date": "2030-02-01T10:00:00.000Z", "status": "draft"}),
    ],
)
def test_an_event_with_rsvps_cannot_go_back_to_draft_through_the_api(
    user, auth_client, rsvp_status, method, body
):
    event = EventFactory(created_by=user, title="Launch")
    RsvpFactory(event=event, status=rsvp_status)

    response = getattr(auth_client, method)(f"/events/{event.pk}", body, format="json")

    assert_error(response, 409, "event_has_rsvps")
    event.refresh_from_db()
    assert (event.status, event.title) == ("published", "Launch")


def test_the_attendee_of_a_refused_draft_can_still_withdraw(user, auth_client):
    event = EventFactory(created_by=user)
    attendee = bearer_client(UserFactory())
    assert attendee.post(rsvp_path(event)).status_code == 201

    assert_error(auth_client.patch(f"/events/{event.pk}", {"status": "draft"}, format="json"), 409)

    assert attendee.delete(rsvp_path(event)).status_code == 204


def test_an_event_without_rsvps_can_go_back_to_draft(user, auth_client):
    event = EventFactory(created_by=user)
    attendee = bearer_client(UserFactory())
    attendee.post(rsvp_path(event))
    attendee.delete(rsvp_path(event))

    response = auth_client.patch(f"/events/{event.pk}", {"status": "draft"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["event"]["status"] == "draft"


def test_other_changes_of_a_drafts_owner_are_unaffected(user, auth_client):
    event = EventFactory(created_by=user, status=Event.Status.DRAFT)

    response = auth_client.patch(f"/events/{event.pk}", {"title": "Still a draft"}, format="json")

    assert response.status_code == 200, response.content
    assert stored_status(event) == "draft"


def test_an_rsvp_arriving_while_the_update_is_validated_still_blocks_the_draft(
    user, auth_client, monkeypatch
):
    event = EventFactory(created_by=user)
    attendee = bearer_client(UserFactory())
    answers = rsvp_while_the_api_validates(monkeypatch, event, attendee)

    assert_error(auth_client.patch(f"/events/{event.pk}", {"status": "draft"}, format="json"), 409)
    assert [answer.status_code for answer in answers] == [201]
    assert stored_status(event) == "published"
    assert attendee.delete(rsvp_path(event)).status_code == 204


def test_the_admin_change_form_refuses_a_draft_with_rsvps(admin_site_client):
    event = EventFactory()
    RsvpFactory(event=event)

    response = admin_site_client.post(change_path(event), change_form(event, status="draft"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"status"}
    assert "RSVPs" in errors["status"][0]
    assert stored_status(event) == "published"


def test_the_admin_change_form_turns_an_event_without_rsvps_into_a_draft(admin_site_client):
    event = EventFactory()

    response = admin_site_client.post(change_path(event), change_form(event, status="draft"))

    assert response.status_code == 302
    assert stored_status(event) == "draft"


def test_an_rsvp_arriving_after_the_admin_form_was_checked_still_blocks_the_draft(
    admin_site_client, monkeypatch
):
    event = EventFactory()
    rsvp_while_the_admin_saves(monkeypatch, event)
    path = change_path(event)

    response = admin_site_client.post(path, change_form(event, status="draft", title="Renamed"), follow=True)

    assert response.redirect_chain == [(path, 302)]
    assert "Nothing was saved" in response.content.decode()
    assert "RSVPs" in response.content.decode()
    event.refresh_from_db()
    assert (event.status, event.title) != ("draft", "Renamed")
    assert event.status == "published"
