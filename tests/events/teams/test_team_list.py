"""``GET /events/{eventId}/team``: the owner first, then the members oldest first, for the team and staff."""

import uuid
from datetime import timedelta

import pytest

from events.models import TeamMember
from tests.events.teams.conftest import team_path
from tests.factories import StaffFactory, TeamMemberFactory, UserFactory
from tests.helpers import assert_error, bearer_client

pytestmark = pytest.mark.django_db


def test_the_team_lists_the_owner_first_then_the_members_oldest_first(event, owner_client):
    later = TeamMemberFactory(event=event, role=TeamMember.Role.CHECKER)
    earlier = TeamMemberFactory(event=event, created_at=later.created_at - timedelta(minutes=5))

    response = owner_client.get(team_path(event))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"] == "Team retrieved successfully"
    owner = event.created_by
    assert body["team"][0] == {
        "userId": str(owner.pk),
        "name": owner.name,
        "email": owner.email,
        "role": "owner",
        "addedAt": event.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    assert [(m["userId"], m["role"]) for m in body["team"][1:]] == [
        (str(earlier.user_id), "organizer"),
        (str(later.user_id), "checker"),
    ]


@pytest.mark.parametrize("role", [TeamMember.Role.CHECKER, TeamMember.Role.ORGANIZER])
def test_every_member_sees_the_team(event, role):
    member = TeamMemberFactory(event=event, role=role)

    response = bearer_client(member.user).get(team_path(event))

    assert response.status_code == 200
    assert len(response.json()["team"]) == 2


def test_staff_see_any_team(event, checker):
    assert bearer_client(StaffFactory()).get(team_path(event)).status_code == 200


def test_others_may_not_see_the_team(event):
    body = assert_error(bearer_client(UserFactory()).get(team_path(event)), 403, "permission_denied")

    assert body["message"] == "Only the event's team or staff can see its team."


def test_a_draft_s_team_is_seen_by_its_checker(checker):
    checker.event.status = "draft"
    checker.event.save()

    assert bearer_client(checker.user).get(team_path(checker.event)).status_code == 200


@pytest.mark.parametrize("event_id", [uuid.uuid4(), "not-an-id"])
def test_an_unknown_or_malformed_event_has_no_team(owner_client, event_id):
    assert_error(owner_client.get(f"/events/{event_id}/team"), 404, "not_found")


def test_an_anonymous_caller_is_asked_to_sign_in(api_client, event):
    assert_error(api_client.get(team_path(event)), 401)


def test_the_browsable_api_shows_the_team_with_the_form_to_add_a_member(event, owner_client, checker):
    response = owner_client.get(team_path(event), HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    page = response.content.decode()
    assert checker.user.email in page
    assert 'name="email"' in page and 'name="role"' in page
