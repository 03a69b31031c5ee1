"""``PATCH``/``DELETE /events/{eventId}/team/{userId}``: roles change and members go; the owner stays."""

import uuid

import pytest

from events.models import TeamMember
from tests.events.teams.conftest import team_path
from tests.factories import StaffFactory, TeamMemberFactory
from tests.helpers import assert_error, assert_field_errors, bearer_client

pytestmark = pytest.mark.django_db


def test_the_owner_changes_a_member_s_role(event, owner_client, checker):
    response = owner_client.patch(team_path(event, checker.user_id), {"role": "organizer"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["message"] == "Team member updated"
    assert response.json()["member"]["role"] == "organizer"
    assert TeamMember.objects.get(pk=checker.pk).role == "organizer"


def test_a_patch_without_a_role_changes_nothing(event, owner_client, checker):
    response = owner_client.patch(team_path(event, checker.user_id), {}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["member"]["role"] == "checker"


def test_an_organizer_manages_other_organizers(event, organizer):
    other = TeamMemberFactory(event=event, role=TeamMember.Role.ORGANIZER)

    response = bearer_client(organizer.user).patch(
        team_path(event, other.user_id), {"role": "checker"}, format="json"
    )

    assert response.status_code == 200, response.content


def test_a_role_is_organizer_or_checker(event, owner_client, checker):
    assert_field_errors(
        owner_client.patch(team_path(event, checker.user_id), {"role": "owner"}, format="json"), "role"
    )


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_the_owner_is_not_a_member_to_change_or_remove(event, organizer, method):
    for user in (organizer.user, StaffFactory(), event.created_by):
        response = getattr(bearer_client(user), method)(
            team_path(event, event.created_by_id), {"role": "checker"}, format="json"
        )

        assert_error(response, 409, "team_owner")


@pytest.mark.parametrize("method", ["patch", "delete"])
@pytest.mark.parametrize("user_id", [uuid.uuid4(), "not-an-id"])
def test_an_unknown_member_is_not_found(event, owner_client, method, user_id):
    response = getattr(owner_client, method)(team_path(event, user_id), {"role": "checker"}, format="json")

    assert_error(response, 404, "not_on_team")


def test_a_member_of_another_event_is_not_found_here(event, owner_client):
    elsewhere = TeamMemberFactory()

    assert_error(owner_client.delete(team_path(event, elsewhere.user_id)), 404, "not_on_team")
    assert TeamMember.objects.filter(pk=elsewhere.pk).exists()


def test_a_checker_may_not_change_roles_even_their_own(event, checker):
    response = bearer_client(checker.user).patch(
        team_path(event, checker.user_id), {"role": "organizer"}, format="json"
    )

    assert_error(response, 403, "permission_denied")
    assert TeamMember.objects.get(pk=checker.pk).role == "checker"


def test_put_is_not_allowed(event, owner_client, checker):
    assert_error(
        owner_client.put(team_path(event, checker.user_id), {"role": "organizer"}, format="json"), 405
    )


def test_the_owner_removes_a_member(event, owner_client, organizer):
    response = owner_client.delete(team_path(event, organizer.user_id))

    assert response.status_code == 204
    assert not TeamMember.objects.filter(pk=organizer.pk).exists()


def test_a_checker_leaves_the_team_by_removing_themselves(event, checker):
    response = bearer_client(checker.user).delete(team_path(event, checker.user_id))

    assert response.status_code == 204
    assert not TeamMember.objects.filter(event=event).exists()


def test_a_checker_may_not_remove_others(event, checker, organizer):
    assert_error(bearer_client(checker.user).delete(team_path(event, organizer.user_id)), 403)
    assert TeamMember.objects.filter(pk=organizer.pk).exists()


def test_a_removed_member_loses_their_role(event, owner_client, organizer):
    owner_client.delete(team_path(event, organizer.user_id))

    response = bearer_client(organizer.user).patch(f"/events/{event.pk}", {"title": "Mine"}, format="json")

    assert_error(response, 403)


def test_a_member_leaves_under_any_spelling_of_their_id(event, checker):
    response = bearer_client(checker.user).delete(team_path(event, str(checker.user_id).upper()))

    assert response.status_code == 204


def test_the_owner_s_id_in_any_spelling_is_the_owner_s(event, owner_client):
    response = owner_client.delete(team_path(event, str(event.created_by_id.hex).upper()))

    assert_error(response, 409, "team_owner")
