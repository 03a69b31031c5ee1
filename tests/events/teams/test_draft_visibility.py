"""A draft is found by its team (lookups, changes, the calendar), yet listed only to its creator."""

import pytest

from events.models import Event, TeamMember
from tests.factories import EventFactory, TeamMemberFactory, UserFactory
from tests.helpers import assert_error, bearer_client, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return EventFactory(status=Event.Status.DRAFT, title="Secret launch")


@pytest.mark.parametrize("role", [TeamMember.Role.CHECKER, TeamMember.Role.ORGANIZER])
def test_the_team_finds_a_draft(draft, role):
    member = TeamMemberFactory(event=draft, role=role)

    response = bearer_client(member.user).get(f"/events/{draft.pk}")

    assert response.status_code == 200
    assert response.json()["event"]["status"] == "draft"


def test_an_organizer_edits_a_draft(draft):
    member = TeamMemberFactory(event=draft)

    response = bearer_client(member.user).patch(f"/events/{draft.pk}", {"title": "Launch"}, format="json")

    assert response.status_code == 200, response.content
    assert Event.objects.get(pk=draft.pk).title == "Launch"


def test_the_lists_show_a_draft_to_its_creator_only(draft):
    member = TeamMemberFactory(event=draft)

    assert titles(bearer_client(member.user)) == []
    assert titles(bearer_client(draft.created_by)) == ["Secret launch"]


def test_someone_off_the_team_does_not_find_a_draft(draft):
    TeamMemberFactory(event=EventFactory(), user=(outsider := UserFactory()))

    assert_error(bearer_client(outsider).get(f"/events/{draft.pk}"), 404, "not_found")


def test_a_member_of_another_event_does_not_find_this_draft(draft):
    elsewhere = TeamMemberFactory()

    assert_error(bearer_client(elsewhere.user).get(f"/events/{draft.pk}"), 404)
