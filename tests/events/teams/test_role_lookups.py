"""A request reads the caller's team role once, however many checks ask for it."""

import pytest

from events.models import TeamMember
from tests.events.teams.conftest import team_path
from tests.helpers import bearer_client, database_statements, reads_of

pytestmark = pytest.mark.django_db

TEAM = TeamMember._meta.db_table


def team_reads(request) -> int:
    with database_statements() as statements:
        response = request()
    assert response.status_code < 300, response.content
    return len(reads_of(statements, TEAM))


def test_an_organizer_changing_the_event_reads_their_role_once(event, organizer):
    client = bearer_client(organizer.user)

    reads = team_reads(lambda: client.patch(f"/events/{event.pk}", {"title": "Renamed"}, format="json"))

    assert reads == 1


def test_a_member_reading_the_event_reads_their_role_once(event, checker):
    client = bearer_client(checker.user)

    reads = team_reads(lambda: client.get(f"/events/{event.pk}"))

    assert reads == 1


def test_a_checker_leaving_the_team_reads_their_role_once_before_the_removal(event, checker):
    client = bearer_client(checker.user)
    with_removal = team_reads(lambda: client.delete(team_path(event, checker.user_id)))
    organizer = TeamMember.objects.create(event=event, user=checker.user, role=TeamMember.Role.ORGANIZER)
    organizer_removal = team_reads(
        lambda: bearer_client(organizer.user).delete(team_path(event, organizer.user_id))
    )

    assert with_removal == organizer_removal
