"""``GET /users/me/events?role=``: the events one helps run, drafts too, soonest first, with ``myRole``."""

from datetime import UTC, datetime

import pytest

from events.models import TeamMember
from tests.factories import EventFactory, RsvpFactory, TeamMemberFactory, UserFactory
from tests.helpers import assert_error, assert_field_errors, bearer_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(db):
    return UserFactory()


@pytest.fixture
def my_events(me):
    """An event of each role, the checker's soonest, the owned one a draft; and one not mine."""
    owned = EventFactory(created_by=me, status="draft", date=datetime(2031, 3, 1, tzinfo=UTC), title="Owned")
    organized = EventFactory(date=datetime(2031, 2, 1, tzinfo=UTC), title="Organized")
    checked = EventFactory(date=datetime(2031, 1, 1, tzinfo=UTC), title="Checked")
    TeamMemberFactory(event=organized, user=me, role=TeamMember.Role.ORGANIZER)
    TeamMemberFactory(event=checked, user=me, role=TeamMember.Role.CHECKER)
    RsvpFactory(event=EventFactory(title="Only attending"), user=me)
    return owned, organized, checked


def test_the_events_one_helps_run_come_soonest_first_with_one_s_role(me, my_events):
    response = bearer_client(me).get("/users/me/events")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["message"], body["count"], body["next"], body["previous"]) == (
        "Events retrieved successfully",
        3,
        None,
        None,
    )
    assert [(e["title"], e["myRole"], e["status"]) for e in body["events"]] == [
        ("Checked", "checker", "published"),
        ("Organized", "organizer", "published"),
        ("Owned", "owner", "draft"),
    ]
    assert {"eventId", "createdBy", "attendeeCount", "myRsvp"} <= set(body["events"][0])


@pytest.mark.parametrize(
    ("role", "title"), [("owner", "Owned"), ("organizer", "Organized"), ("checker", "Checked")]
)
def test_a_role_narrows_the_list_to_it(me, my_events, role, title):
    response = bearer_client(me).get("/users/me/events", {"role": role})

    assert [(e["title"], e["myRole"]) for e in response.json()["events"]] == [(title, role)]


def test_one_s_own_rsvp_to_an_event_one_helps_run_is_shown(me, my_events):
    RsvpFactory(event=my_events[2], user=me)

    events = bearer_client(me).get("/users/me/events", {"role": "checker"}).json()["events"]

    assert events[0]["myRsvp"]["status"] == "going"


def test_the_list_is_paginated(me, my_events):
    body = bearer_client(me).get("/users/me/events", {"pageSize": 2}).json()

    assert (body["count"], len(body["events"])) == (3, 2)
    assert "page=2" in body["next"]


def test_someone_who_runs_nothing_gets_an_empty_list(me):
    body = bearer_client(me).get("/users/me/events", {"role": "organizer"}).json()

    assert (body["count"], body["events"]) == (0, [])


@pytest.mark.parametrize("role", ["attendee", "", "OWNER"])
def test_an_unknown_role_is_refused_naming_role(me, role):
    assert_field_errors(bearer_client(me).get("/users/me/events", {"role": role}), "role")


def test_two_roles_at_once_are_refused(me):
    assert_field_errors(bearer_client(me).get("/users/me/events?role=owner&role=checker"), "role")


def test_an_anonymous_caller_is_asked_to_sign_in(api_client):
    assert_error(api_client.get("/users/me/events"), 401)
