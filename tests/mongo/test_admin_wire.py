"""The admin over the wire, logged in through a session stored in MongoDB.

Sessions use Django's database backend (``django_session``); the admin wraps its delete
view in Django's ``transaction.atomic``, a no-op on MongoDB that the MongoDB
transaction inside it must survive.
"""

import uuid
from datetime import UTC
from types import SimpleNamespace

import pytest
from bson import ObjectId
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client, RequestFactory

from accounts.models import User
from events.models import Event
from tests.mongo.documents import (
    AUDIT_ENTRIES,
    EVENTS,
    RSVPS,
    TICKETS,
    USERS,
    joined,
    stored_event,
    stored_rsvp,
    stored_user,
)
from tests.mongo.events_version import EVENTS_VERSIONS, transaction_of, version_write_in
from tests.mongo.wire import WireServer

SESSIONS = "django_session"


@pytest.fixture
def superuser() -> dict:
    return {**stored_user(email="root@example.com", name="Root"), "is_staff": True, "is_superuser": True}


def as_loaded_user(document: dict) -> User:
    """The user as read back from ``document``: the session keeps a hash of its password."""
    user = User(
        id=uuid.UUID(document["id"]),
        email=document["email"],
        name=document["name"],
        password=document["password"],
        is_staff=document["is_staff"],
        is_superuser=document["is_superuser"],
    )
    user._state.adding = False
    return user


def last_written_session_data(wire: WireServer, key: str) -> str:
    """``session_data`` of the last insert or update of session ``key``."""
    written = []
    for command in wire.commands:
        if command.collection != SESSIONS:
            continue
        if command.name == "insert":
            written += [doc["session_data"] for doc in command.doc["documents"] if doc["session_key"] == key]
        elif command.name == "update":
            written += [
                statement["u"][0]["$set"]["session_data"]["$literal"]
                for statement in command.doc["updates"]
                if statement["q"] == {"session_key": key}
            ]
    return written[-1]


class AdminBrowser:
    """A test ``Client`` logged in as ``user``; each request reads its session and user back."""

    def __init__(self, wire: WireServer, user: dict):
        self.wire = wire
        self.user = user
        self.client = Client()
        self.client.force_login(as_loaded_user(user))
        key = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.session = {
            "_id": ObjectId(),
            "session_key": key,
            "session_data": last_written_session_data(wire, key),
            "expire_date": wire.sent("insert", SESSIONS)[-1].doc["documents"][0]["expire_date"],
        }
        wire.reset()

    def post(self, path: str, data: dict, reads: dict[str, list[list[dict]]]):
        """POST ``data``; ``reads`` answers the view's reads, per collection, after the session's."""
        self.wire.answer(SESSIONS, [self.session])
        self.wire.answer(USERS, [self.user])
        for collection, batches in reads.items():
            self.wire.answer(collection, *batches)
        return self.client.post(path, data)


def in_transaction(command) -> bool:
    return command.doc.get("autocommit") is False


def test_deleting_a_user_on_the_confirmation_page_cascades_and_changes_the_version_in_one_transaction(
    wire, superuser
):
    browser = AdminBrowser(wire, superuser)
    member = stored_user()
    event = stored_event(owner=member)
    reads = {
        USERS: [[member]],
        # The confirmation's summary joins each related row to the user; the delete reads the events.
        EVENTS: [[joined(event, accounts_user=member)], [event]],
    }

    response = browser.post(f"/admin/accounts/user/{member['id']}/delete/", {"post": "yes"}, reads)

    assert response.status_code == 302, response.content
    assert response["Location"] == "/admin/accounts/user/"
    (commit,) = wire.sent("commitTransaction")
    transaction = [command for command in wire.commands if in_transaction(command)]
    assert transaction[0].doc["startTransaction"] is True
    assert {(command.doc["lsid"]["id"], command.doc["txnNumber"]) for command in transaction} == {
        (commit.doc["lsid"]["id"], commit.doc["txnNumber"])
    }
    deletes = wire.sent("delete")
    assert all(in_transaction(command) for command in deletes)
    deleted = [(command.collection, command.doc["deletes"][0]["q"]) for command in deletes]
    assert (USERS, {"id": {"$in": [member["id"]]}}) in deleted
    assert (EVENTS, {"id": {"$in": [event["id"]]}}) in deleted
    # RSVPs are read before they are deleted (their tickets' references are nulled, so no
    # blind delete): none here. The tickets go by holder and by event.
    cascaded = [
        command.doc["pipeline"][0]["$match"]
        for command in wire.sent("aggregate", RSVPS)
        if in_transaction(command) and "$match" in command.doc["pipeline"][0]
    ]
    assert {"user_id": {"$in": [member["id"]]}} in cascaded
    assert {"event_id": {"$in": [event["id"]]}} in cascaded
    assert (TICKETS, {"holder_id": {"$in": [member["id"]]}}) in deleted
    assert (TICKETS, {"event_id": {"$in": [event["id"]]}}) in deleted
    # The user's events go with them: the version changes in the same transaction.
    assert version_write_in(wire, commit) in transaction


def cancel_events(browser: AdminBrowser, *events: dict):
    """The changelist counts its rows (page and full count) before it runs the action, which reads
    the selected events not yet cancelled (their listeners hear of each) before it cancels them."""
    total = [{"__count": len(events)}]
    return browser.post(
        "/admin/events/event/",
        {"action": "cancel_events", "_selected_action": [event["id"] for event in events], "index": 0},
        {EVENTS: [total, total, list(events)]},
    )


def test_cancel_events_action_cancels_the_selected_events_and_changes_the_version_in_one_transaction(
    wire, superuser
):
    event = stored_event(owner=stored_user())

    response = cancel_events(AdminBrowser(wire, superuser), event)

    assert response.status_code == 302, response.content
    (cancel,) = wire.sent("update", EVENTS)
    (statement,) = cancel.doc["updates"]
    assert {"id": {"$in": [event["id"]]}} in statement["q"]["$and"]
    assert statement["u"] == [{"$set": {"status": {"$literal": "cancelled"}}}]
    (commit,) = wire.sent("commitTransaction")
    version_write = version_write_in(wire, commit)
    selected = wire.sent("aggregate", EVENTS)[-1]
    (audit_entry,) = wire.sent("insert", AUDIT_ENTRIES)
    assert audit_entry.doc["documents"][0]["action"] == "event.cancel"
    assert transaction_of(wire, commit) == [selected, cancel, audit_entry, version_write, commit]


def test_cancel_events_action_that_changes_nothing_keeps_the_version(wire, superuser):
    browser = AdminBrowser(wire, superuser)
    wire.count("update", EVENTS, 0)

    response = cancel_events(browser, stored_event(owner=stored_user()))

    assert response.status_code == 302, response.content
    (cancel,) = wire.sent("update", EVENTS)
    (commit,) = wire.sent("commitTransaction")
    assert transaction_of(wire, commit) == [wire.sent("aggregate", EVENTS)[-1], cancel, commit]
    assert not [command for command in wire.commands if command.collection == EVENTS_VERSIONS]


def as_loaded_event(document: dict) -> Event:
    """The event as the change form has it, read back from ``document``."""
    event = Event(
        id=uuid.UUID(document["id"]),
        title=document["title"],
        date=document["date"].replace(tzinfo=UTC),
        status=document["status"],
        capacity=document["capacity"],
        going_count=document["going_count"],
        created_by_id=uuid.UUID(document["created_by_id"]),
        created_at=document["created_at"].replace(tzinfo=UTC),
    )
    event._state.adding = False
    return event


def test_saving_a_larger_capacity_promotes_the_waitlist_and_changes_the_version_in_one_transaction(wire):
    stored = {**stored_event(owner=stored_user()), "capacity": 3, "going_count": 1}
    waiting = stored_rsvp(event=stored, user=stored_user(email="next@example.com"), status="waitlisted")
    wire.answer(RSVPS, [waiting])
    # The save, a seat for the waitlisted RSVP, then no free seat left.
    wire.count("update", EVENTS, 1, 1, 0)
    model_admin = admin.site._registry[Event]
    form = SimpleNamespace(changed_data=["capacity"], initial={"capacity": 2})

    # The admin's change view runs in Django's ``atomic``, a no-op on MongoDB.
    with transaction.atomic():
        model_admin.save_model(RequestFactory().post("/admin/"), as_loaded_event(stored), form, True)

    save, take, promote, no_room = wire.writes()[:4]
    assert [(command.name, command.collection) for command in (save, take, promote, no_room)] == [
        ("update", EVENTS),
        ("update", EVENTS),
        ("update", RSVPS),
        ("update", EVENTS),
    ]
    assert save.doc["updates"][0]["q"] == {"id": stored["id"]}
    assert promote.doc["updates"][0]["q"] == {"id": waiting["id"]}
    (waitlist_head,) = wire.sent("aggregate", RSVPS)
    # After the save, in its transaction: no more people going than the new capacity.
    (capacity_floor,) = wire.sent("aggregate", EVENTS)
    assert capacity_floor.doc["pipeline"][0]["$match"] == {
        "$and": [{"going_count": {"$gt": 3}}, {"id": stored["id"]}]
    }
    (commit,) = wire.sent("commitTransaction")
    version_write = version_write_in(wire, commit)
    assert transaction_of(wire, commit) == [
        save,
        capacity_floor,
        take,
        waitlist_head,
        promote,
        no_room,
        version_write,
        commit,
    ]
