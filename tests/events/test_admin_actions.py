"""The event admin: attendees inline, lifecycle columns, cancel and CSV export actions."""

import csv
import io

import pytest

from events.models import Event
from tests.events.admin_forms import change_form, change_path
from tests.factories import EventFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/events/event/"


def run_action(client, action: str, events):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [str(event.pk) for event in events]}
    )


def test_changelist_shows_status_and_capacity_and_filters_by_status(admin_site_client):
    EventFactory(title="Open day", capacity=40)
    EventFactory(title="Called off", status=Event.Status.CANCELLED)

    page = admin_site_client.get(CHANGELIST).content.decode()
    cancelled_only = admin_site_client.get(CHANGELIST, {"status__exact": "cancelled"}).content.decode()

    assert "column-status" in page and "column-capacity" in page
    assert ">40<" in page
    assert "Called off" in cancelled_only and "Open day" not in cancelled_only


def test_event_page_shows_its_attendees_inline(admin_site_client):
    event = EventFactory(capacity=1)
    attendee = RsvpFactory(event=event).user

    page = admin_site_client.get(f"{CHANGELIST}{event.pk}/change/").content.decode()

    assert "rsvps-TOTAL_FORMS" in page
    assert attendee.email in page


def test_cancel_action_cancels_the_selected_events(admin_site_client):
    chosen, untouched = EventFactory(), EventFactory()

    response = run_action(admin_site_client, "cancel_events", [chosen])

    assert response.status_code == 302
    chosen.refresh_from_db()
    untouched.refresh_from_db()
    assert (chosen.status, untouched.status) == ("cancelled", "published")


def test_export_action_downloads_the_attendees_as_csv(admin_site_client):
    event = EventFactory(title="Gala", capacity=1)
    going = RsvpFactory(event=event, user=UserFactory(name="Ada"))
    waiting = RsvpFactory(event=event, status="waitlisted")
    RsvpFactory(event=EventFactory(title="Not selected"))

    response = run_action(admin_site_client, "export_attendees_csv", [event])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["eventTitle"], row["email"], row["status"]) for row in rows] == [
        ("Gala", going.user.email, "going"),
        ("Gala", waiting.user.email, "waitlisted"),
    ]
    assert rows[0]["name"] == "Ada"


def test_raising_capacity_in_the_admin_promotes_the_waitlist(admin_site_client):
    event = EventFactory(capacity=1)
    RsvpFactory(event=event)
    waiting = RsvpFactory(event=event, status="waitlisted")

    form = change_form(event, status="published", capacity="2")

    response = admin_site_client.post(change_path(event), form)

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "going"
