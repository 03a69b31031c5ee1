"""Each write to events and RSVPs sends one message telling what happened, once it has committed."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.factories import EventFactory, RsvpFactory, UserFactory
from tests.helpers import bearer_client

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]


def changes(messages: list[dict]) -> list[dict]:
    assert {message["task"] for message in messages} <= {"events.tasks.change_happened"}
    return [message["args"]["change"] for message in messages]


def test_creating_an_event_announces_it_as_the_api_shows_it(auth_client, task_messages):
    response = auth_client.post(
        "/events/create", {"title": "Launch", "date": "2030-05-01T18:00:00Z"}, format="json"
    )

    assert response.status_code == 201, response.content
    (change,) = changes(task_messages)
    shown = response.json()["event"]
    shown.pop("myRsvp")
    assert change["type"] == "event.created"
    assert change["eventId"] == shown["eventId"]
    assert change["event"] == shown
    assert change["rsvp"] is None


def test_an_edit_announces_the_fields_whose_values_changed(auth_client, event, task_messages):
    response = auth_client.patch(
        f"/events/{event.pk}",
        {"title": event.title, "location": "Hall B", "date": "2031-01-02T10:00:00Z"},
        format="json",
    )

    assert response.status_code == 200, response.content
    (change,) = changes(task_messages)
    assert (change["type"], change["changed"]) == ("event.updated", ["date", "location"])
    assert change["event"]["location"] == "Hall B"


def test_an_edit_announces_the_changed_fields_earlier_values_as_the_api_showed_them(
    auth_client, event, task_messages
):
    shown_before = auth_client.get(f"/events/{event.pk}").json()["event"]

    response = auth_client.patch(
        f"/events/{event.pk}",
        {
            "location": "Hall B",
            "endDate": (event.date + timedelta(hours=2)).isoformat(),
            "timezone": "Europe/Berlin",
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    (change,) = changes(task_messages)
    assert change["before"] == {name: shown_before[name] for name in ("location", "endDate", "timezone")}


def test_an_edit_that_changes_nothing_announces_nothing(auth_client, event, task_messages):
    response = auth_client.patch(f"/events/{event.pk}", {"title": event.title}, format="json")

    assert response.status_code == 200, response.content
    assert task_messages == []


def test_cancelling_an_event_announces_a_cancellation(auth_client, event, task_messages):
    response = auth_client.patch(f"/events/{event.pk}", {"status": "cancelled"}, format="json")

    assert response.status_code == 200, response.content
    (change,) = changes(task_messages)
    assert (change["type"], change["changed"], change["event"]["status"]) == (
        "event.cancelled",
        ["status"],
        "cancelled",
    )


def test_a_refused_edit_announces_nothing(auth_client, event, task_messages):
    RsvpFactory(event=event)
    event.refresh_from_db()

    response = auth_client.patch(f"/events/{event.pk}", {"status": "draft"}, format="json")

    assert response.status_code == 409, response.content
    assert task_messages == []


def test_withdrawing_a_seat_announces_the_withdrawal_and_the_promotion_it_makes(task_messages):
    event = EventFactory(capacity=1)
    going, waiting = UserFactory(), UserFactory()
    assert bearer_client(going).post(f"/events/{event.pk}/rsvp").status_code == 201
    assert bearer_client(waiting).post(f"/events/{event.pk}/rsvp").status_code == 201

    response = bearer_client(going).delete(f"/events/{event.pk}/rsvp")

    assert response.status_code == 204, response.content
    kinds = [
        (change["type"], change["rsvp"]["userId"], change["rsvp"]["status"])
        for change in changes(task_messages)
    ]
    assert kinds == [
        ("rsvp.created", str(going.pk), "going"),
        ("rsvp.created", str(waiting.pk), "waitlisted"),
        ("rsvp.cancelled", str(going.pk), "going"),
        ("rsvp.promoted", str(waiting.pk), "going"),
    ]


def test_deleting_an_event_announces_it_with_who_was_coming(auth_client, event, task_messages):
    attendee = RsvpFactory(event=event).user

    response = auth_client.delete(f"/events/{event.pk}")

    assert response.status_code == 204, response.content
    (change,) = changes(task_messages)
    assert (change["type"], change["attendeeIds"], change["event"]["eventId"]) == (
        "event.deleted",
        [str(attendee.pk)],
        str(event.pk),
    )


A_WRITE = """
import sys
import django
django.setup()
from django.db import connection
from django.test.utils import setup_test_environment
setup_test_environment()
connection.creation.create_test_db(verbosity=0)
from eventsite.tasks import backends
from tests.factories import UserFactory
from tests.helpers import bearer_client
response = bearer_client(UserFactory()).post(
    "/events/create", {"title": "Launch", "date": "2030-05-01T18:00:00Z"}, format="json"
)
print("sent:", response.status_code, [message["task"] for message in backends.current().sent])
print("imported:", [name for name in LISTENERS_NEED if name in sys.modules])
"""
# What the change's listeners import (the webhook views import the delivery's outcome anyway).
LISTENERS_NEED = ("events.emails", "events.webhooks.tasks")


def test_a_write_sends_its_change_without_importing_what_the_listeners_need(tmp_path):
    """The message goes out; the emails and the webhook delivery load where the listeners run."""
    env = {
        "DJANGO_SETTINGS_MODULE": "eventsite.settings",
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TASKS_BACKEND": "memory",
    }
    script = f"LISTENERS_NEED = {LISTENERS_NEED!r}\n{A_WRITE}"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, text=True, capture_output=True, check=False
    )

    assert out.returncode == 0, out.stderr[-4000:]
    told = [line for line in out.stdout.splitlines() if line.startswith(("sent:", "imported:"))]
    assert told == ["sent: 201 ['events.tasks.change_happened']", "imported: []"]
