"""The cached event list pages stay fresh: the freshness tests cache the caller's page first
(``cached_page`` checks that the repeat really came from the cache), then write through the
API, the admin or ``import_legacy`` and list again.
"""

import io
import json

import pytest
from django.core.management import call_command

from events.models import Event, Rsvp
from tests.events.list_cache_pages import cached_listing, cached_page, listed
from tests.factories import EventFactory, RsvpFactory
from tests.helpers import assert_error, bearer_client, rsvp_path

pytestmark = pytest.mark.django_db

LIST_PATHS = ["/events", "/events/all"]
EVENT_ADMIN = "/admin/events/event/"
USER_ADMIN = "/admin/accounts/user/"


# Freshness after writes through the API


@pytest.mark.parametrize("path", ["/events/create", "/events"])
def test_an_event_created_through_the_api_shows_in_the_next_list(auth_client, path):
    cached_page(auth_client)

    created = auth_client.post(path, {"title": "Launch", "date": "2030-06-01T10:00:00Z"}, format="json")

    assert created.status_code == 201
    assert listed(auth_client)[created.json()["event"]["eventId"]]["title"] == "Launch"


@pytest.mark.parametrize("path", LIST_PATHS)
def test_an_updated_event_shows_its_change_in_the_next_list(auth_client, event, path):
    cached_page(auth_client, path)

    assert auth_client.patch(f"/events/{event.pk}", {"title": "Renamed"}, format="json").status_code == 200

    assert listed(auth_client, path)[str(event.pk)]["title"] == "Renamed"


def test_a_deleted_event_leaves_the_next_list(auth_client, event):
    kept = EventFactory()
    cached_page(auth_client)

    assert auth_client.delete(f"/events/{event.pk}").status_code == 204

    assert set(listed(auth_client)) == {str(kept.pk)}


def test_my_rsvp_shows_in_the_next_list_with_the_new_attendee_count(auth_client):
    event = EventFactory(capacity=2)
    before = cached_listing(auth_client)[str(event.pk)]

    rsvp = auth_client.post(rsvp_path(event)).json()["rsvp"]

    after = listed(auth_client)[str(event.pk)]
    assert (before["myRsvp"], before["attendeeCount"], before["spotsLeft"]) == (None, 0, 2)
    assert (after["myRsvp"], after["attendeeCount"], after["spotsLeft"]) == (rsvp, 1, 1)


def test_my_withdrawal_clears_my_rsvp_in_the_next_list(auth_client):
    event = EventFactory(capacity=2)
    auth_client.post(rsvp_path(event))
    before = cached_listing(auth_client)[str(event.pk)]

    assert auth_client.delete(rsvp_path(event)).status_code == 204

    after = listed(auth_client)[str(event.pk)]
    assert (before["myRsvp"]["status"], before["attendeeCount"]) == ("going", 1)
    assert (after["myRsvp"], after["attendeeCount"]) == (None, 0)


def test_another_users_withdrawal_promotes_my_waitlisted_rsvp_in_my_cached_list(auth_client, other_user):
    event = EventFactory(capacity=1)
    bearer_client(other_user).post(rsvp_path(event))
    auth_client.post(rsvp_path(event))
    before = cached_listing(auth_client)[str(event.pk)]

    assert bearer_client(other_user).delete(rsvp_path(event)).status_code == 204

    after = listed(auth_client)[str(event.pk)]
    assert (before["myRsvp"]["status"], before["spotsLeft"]) == ("waitlisted", 0)
    assert (after["myRsvp"]["status"], after["attendeeCount"], after["spotsLeft"]) == ("going", 1, 0)


def test_another_users_rsvp_changes_the_seats_in_my_cached_list(auth_client, other_user):
    event = EventFactory(capacity=3)
    before = cached_listing(auth_client)[str(event.pk)]

    assert bearer_client(other_user).post(rsvp_path(event)).status_code == 201

    after = listed(auth_client)[str(event.pk)]
    assert (before["attendeeCount"], before["spotsLeft"]) == (0, 3)
    assert (after["attendeeCount"], after["spotsLeft"], after["myRsvp"]) == (1, 2, None)


@pytest.mark.parametrize("status", [Event.Status.CANCELLED, Event.Status.DRAFT])
def test_a_refused_rsvp_leaves_the_cached_list_as_it_was(auth_client, user, status):
    event = EventFactory(created_by=user, status=status, capacity=2)
    before = cached_page(auth_client)

    assert_error(auth_client.post(rsvp_path(event)), 409, "event_not_open")

    assert auth_client.get("/events").json() == before
    assert (before["events"][0]["myRsvp"], before["events"][0]["attendeeCount"]) == (None, 0)
    assert not Rsvp.objects.exists()


# Freshness after writes through the admin and import_legacy


def event_change_form(event, **changes) -> dict:
    """The admin change form of an event without attendees, as it stands, with ``changes``."""
    unchanged = {
        name: getattr(event, name) for name in ("title", "description", "location", "status", "visibility")
    }
    return {
        **unchanged,
        "date_0": event.date.date().isoformat(),
        "date_1": event.date.time().isoformat(),
        "capacity": event.capacity or "",
        "created_by": event.created_by_id,
        "rsvps-TOTAL_FORMS": 0,
        "rsvps-INITIAL_FORMS": 0,
        "team-TOTAL_FORMS": 0,
        "team-INITIAL_FORMS": 0,
        **changes,
    }


def admin_delete(client, changelist: str, obj, how: str):
    """Delete through the object's confirmation page or the changelist's bulk action."""
    if how == "confirmation page":
        return client.post(f"{changelist}{obj.pk}/delete/", {"post": "yes"})
    return client.post(
        changelist, {"action": "delete_selected", "_selected_action": [str(obj.pk)], "post": "yes"}
    )


def test_an_event_changed_in_the_admin_shows_the_change_in_the_next_list(
    auth_client, admin_site_client, event
):
    cached_page(auth_client)

    response = admin_site_client.post(
        f"{EVENT_ADMIN}{event.pk}/change/", event_change_form(event, title="Edited")
    )

    assert response.status_code == 302
    assert listed(auth_client)[str(event.pk)]["title"] == "Edited"


def test_events_cancelled_by_the_admin_action_show_as_cancelled_in_the_next_list(
    auth_client, admin_site_client
):
    chosen, untouched = EventFactory(), EventFactory()
    cached_page(auth_client)

    response = admin_site_client.post(
        EVENT_ADMIN, {"action": "cancel_events", "_selected_action": [str(chosen.pk)]}
    )

    assert response.status_code == 302
    statuses = {event_id: event["status"] for event_id, event in listed(auth_client).items()}
    assert statuses == {str(chosen.pk): "cancelled", str(untouched.pk): "published"}


@pytest.mark.parametrize("how", ["confirmation page", "bulk action"])
def test_an_event_deleted_in_the_admin_leaves_the_next_list(auth_client, admin_site_client, event, how):
    kept = EventFactory()
    cached_page(auth_client)

    assert admin_delete(admin_site_client, EVENT_ADMIN, event, how).status_code == 302

    assert set(listed(auth_client)) == {str(kept.pk)}


@pytest.mark.parametrize("how", ["confirmation page", "bulk action"])
def test_deleting_a_creator_in_the_admin_removes_their_events_from_the_next_list(
    auth_client, admin_site_client, other_user, how
):
    theirs = EventFactory(created_by=other_user)
    attended = EventFactory(capacity=2)
    RsvpFactory(event=attended, user=other_user)
    before = cached_listing(auth_client)

    assert admin_delete(admin_site_client, USER_ADMIN, other_user, how).status_code == 302

    after = listed(auth_client)
    assert set(before) == {str(theirs.pk), str(attended.pk)}
    assert set(after) == {str(attended.pk)}
    assert after[str(attended.pk)]["title"] == attended.title


def test_an_event_imported_with_import_legacy_shows_in_the_next_list(auth_client, user, tmp_path):
    cached_page(auth_client)
    event_id = "c0ffee00-0000-4000-8000-0000000000c1"
    legacy_event = {
        "eventId": event_id,
        "title": "Imported meetup",
        "date": {"$date": "2030-03-10T18:30:00.000Z"},
        "createdBy": str(user.pk),
        "createdAt": {"$date": "2023-07-20T08:00:00.000Z"},
    }
    events_file = tmp_path / "events.jsonl"
    events_file.write_text(json.dumps(legacy_event) + "\n")

    call_command("import_legacy", "--events", str(events_file), stdout=io.StringIO(), stderr=io.StringIO())

    assert listed(auth_client)[event_id]["title"] == "Imported meetup"
