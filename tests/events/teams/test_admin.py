"""Teams in the admin: the inline on the event's page and the team member list."""

import pytest

from events.models import TeamMember
from tests.events.admin_forms import change_form, change_path
from tests.factories import EventFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

MEMBERS = "/admin/events/teammember/"


def test_the_event_page_shows_its_team(admin_site_client, checker):
    page = admin_site_client.get(change_path(checker.event)).content.decode()

    assert "team-TOTAL_FORMS" in page
    assert checker.user.email in page


def test_a_member_is_added_on_the_event_page(admin_site_client, event, newcomer):
    form = change_form(event) | {
        "team-TOTAL_FORMS": "1",
        "team-0-user": str(newcomer.pk),
        "team-0-role": "checker",
    }

    response = admin_site_client.post(change_path(event), form)

    assert response.status_code == 302, response.content.decode()
    assert TeamMember.objects.get(event=event).user == newcomer


def test_the_owner_cannot_be_added_as_a_member(admin_site_client, event):
    form = change_form(event) | {
        "team-TOTAL_FORMS": "1",
        "team-0-user": str(event.created_by_id),
        "team-0-role": "organizer",
    }

    response = admin_site_client.post(change_path(event), form)

    assert response.status_code == 200
    assert "the event&#x27;s owner" in response.content.decode()
    assert not TeamMember.objects.filter(event=event).exists()


def test_the_member_list_is_searched_by_email(admin_site_client):
    TeamMemberFactory(user=UserFactory(email="ada@example.com"))
    TeamMemberFactory(user=UserFactory(email="bob@example.com"))

    content = admin_site_client.get(MEMBERS, {"q": "ada@"}).content.decode()

    assert "ada@example.com" in content and "bob@example.com" not in content


def test_the_member_list_is_filtered_by_role(admin_site_client):
    TeamMemberFactory(user=UserFactory(email="ada@example.com"), role="checker")
    TeamMemberFactory(user=UserFactory(email="bob@example.com"), role="organizer")

    content = admin_site_client.get(MEMBERS, {"role__exact": "organizer"}).content.decode()

    assert "bob@example.com" in content and "ada@example.com" not in content


def test_a_member_added_on_the_list_page_records_who_added_them(admin_site_client, superuser, newcomer):
    event = EventFactory()

    response = admin_site_client.post(
        f"{MEMBERS}add/", {"event": str(event.pk), "user": str(newcomer.pk), "role": "checker"}
    )

    assert response.status_code == 302, response.content.decode()
    assert TeamMember.objects.get(event=event).added_by == superuser
