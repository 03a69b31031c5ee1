"""``POST /events/{eventId}/team`` ``{email, role}``: the owner, organizers and staff add registered users."""

import pytest

from events.models import TeamMember
from events.teams import services
from tests.events.teams.conftest import team_path
from tests.factories import StaffFactory, TeamMemberFactory, UserFactory
from tests.helpers import assert_error, assert_field_errors, bearer_client

pytestmark = pytest.mark.django_db


def test_the_owner_adds_a_registered_user_by_email(event, owner_client, newcomer):
    response = owner_client.post(
        team_path(event), {"email": newcomer.email, "role": "checker"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["message"] == "Team member added"
    assert body["member"] | {"addedAt": None} == {
        "userId": str(newcomer.pk),
        "name": "Nina Newcomer",
        "email": "nina@example.com",
        "role": "checker",
        "addedAt": None,
    }
    member = TeamMember.objects.get(event=event, user=newcomer)
    assert (member.role, member.added_by_id) == ("checker", event.created_by_id)


def test_the_email_is_found_under_any_spelling_as_login_finds_it(event, owner_client, newcomer):
    response = owner_client.post(
        team_path(event), {"email": " NINA@Example.COM ", "role": "organizer"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["member"]["userId"] == str(newcomer.pk)


@pytest.mark.parametrize("adder", ["organizer", "staff"])
def test_organizers_and_staff_add_members(event, organizer, newcomer, adder):
    user = organizer.user if adder == "organizer" else StaffFactory()

    response = bearer_client(user).post(
        team_path(event), {"email": newcomer.email, "role": "checker"}, format="json"
    )

    assert response.status_code == 201, response.content


def test_a_checker_may_not_add_members(event, checker, newcomer):
    response = bearer_client(checker.user).post(
        team_path(event), {"email": newcomer.email, "role": "checker"}, format="json"
    )

    body = assert_error(response, 403, "permission_denied")
    assert body["message"] == "Only the event's owner, organizers or staff can change its team."


@pytest.mark.parametrize("role", ["owner", "admin", "", None])
def test_the_role_is_organizer_or_checker(event, owner_client, newcomer, role):
    response = owner_client.post(team_path(event), {"email": newcomer.email, "role": role}, format="json")

    assert_field_errors(response, "role")


def test_the_email_and_the_role_are_required(event, owner_client):
    assert_field_errors(owner_client.post(team_path(event), {}, format="json"), "email", "role")


def test_an_unknown_email_is_not_found_and_told_no_more_than_register_tells(event, owner_client):
    response = owner_client.post(
        team_path(event), {"email": "nobody@example.com", "role": "checker"}, format="json"
    )

    body = assert_error(response, 404, "email_not_registered")
    assert body["message"] == "No account is registered with this email."


def test_an_inactive_account_is_not_found_either(event, owner_client):
    inactive = UserFactory(is_active=False)

    response = owner_client.post(
        team_path(event), {"email": inactive.email, "role": "checker"}, format="json"
    )

    assert_error(response, 404, "email_not_registered")


def test_a_member_cannot_be_added_twice(event, owner_client, checker):
    response = owner_client.post(
        team_path(event), {"email": checker.user.email, "role": "organizer"}, format="json"
    )

    assert_error(response, 409, "already_on_team")
    assert TeamMember.objects.get(pk=checker.pk).role == "checker"


def test_the_owner_is_on_the_team_already(event, owner_client):
    response = owner_client.post(
        team_path(event), {"email": event.created_by.email, "role": "organizer"}, format="json"
    )

    assert_error(response, 409, "already_on_team")
    assert not TeamMember.objects.filter(event=event).exists()


def test_a_full_team_takes_nobody_else(event, owner_client, newcomer, monkeypatch):
    monkeypatch.setattr(services, "MAX_TEAM_SIZE", 2)
    TeamMemberFactory.create_batch(2, event=event)

    response = owner_client.post(
        team_path(event), {"email": newcomer.email, "role": "checker"}, format="json"
    )

    assert_error(response, 409, "team_full")
    assert not TeamMember.objects.filter(user=newcomer).exists()


def test_an_idempotency_key_retry_replays_the_first_answer(event, owner_client, newcomer):
    body = {"email": newcomer.email, "role": "checker"}

    first = owner_client.post(team_path(event), body, format="json", HTTP_IDEMPOTENCY_KEY="add-nina")
    again = owner_client.post(team_path(event), body, format="json", HTTP_IDEMPOTENCY_KEY="add-nina")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert TeamMember.objects.filter(event=event).count() == 1


def test_the_new_member_is_emailed_their_role(event, owner_client, newcomer, mailoutbox):
    owner_client.post(team_path(event), {"email": newcomer.email, "role": "checker"}, format="json")

    [message] = mailoutbox
    assert message.to == ["nina@example.com"]
    assert message.subject == "You're on the team of Launch"
    assert "as checker: you may check people in at the door" in message.body
    assert f"{event.created_by.name} added you" in message.body


def test_a_refused_add_emails_nobody(event, owner_client, checker, mailoutbox):
    owner_client.post(team_path(event), {"email": checker.user.email, "role": "checker"}, format="json")

    assert mailoutbox == []
