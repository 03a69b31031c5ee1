"""Who came, where the team looks: ``checkedInAt`` on attendees and in the admin's CSV, and the
event's ``checkedInCount`` for its team and staff only."""

import csv
import io
from datetime import UTC, datetime

import pytest

from events.models import TeamMember, Ticket
from tests.events.tickets.checkin_setup import ticket_for
from tests.factories import EventFactory, RsvpFactory, StaffFactory, TeamMemberFactory, UserFactory
from tests.helpers import bearer_client, database_statements, reads_of

pytestmark = pytest.mark.django_db

AT_THE_DOOR = datetime(2030, 1, 5, 18, 30, 15, 123000, tzinfo=UTC)
AT_THE_DOOR_JSON = "2030-01-05T18:30:15.123Z"
EVENT_CHANGE = {"title": "Renamed", "date": "2031-06-01T10:00:00Z"}


def checked_in(ticket: Ticket) -> Ticket:
    Ticket.objects.filter(pk=ticket.pk).update(checked_in_at=AT_THE_DOOR)
    return ticket


def test_the_attendee_list_shows_when_each_attendee_checked_in(auth_client, event):
    came = checked_in(ticket_for(event))
    not_yet = ticket_for(event)
    without_ticket = RsvpFactory(event=event)

    response = auth_client.get(f"/events/{event.pk}/attendees")

    assert response.status_code == 200, response.content
    shown = {row["rsvpId"]: row["checkedInAt"] for row in response.json()["attendees"]}
    assert shown == {
        str(came.rsvp_id): AT_THE_DOOR_JSON,
        str(not_yet.rsvp_id): None,
        str(without_ticket.pk): None,
    }


def test_the_attendee_list_reads_the_tickets_of_a_page_in_one_query(auth_client, event):
    def ticket_reads() -> int:
        with database_statements() as statements:
            assert auth_client.get(f"/events/{event.pk}/attendees").status_code == 200
        return len(reads_of(statements, Ticket._meta.db_table))

    checked_in(ticket_for(event))
    with_one = ticket_reads()
    for _ in range(5):
        checked_in(ticket_for(event))

    assert ticket_reads() == with_one == 1


def test_the_csv_export_has_a_checked_in_at_column(admin_site_client):
    event = EventFactory()
    came = checked_in(ticket_for(event, user=UserFactory(email="came@example.com")))
    ticket_for(event, user=UserFactory(email="later@example.com"))
    RsvpFactory(event=event, user=UserFactory(email="no-ticket@example.com"))

    response = admin_site_client.post(
        "/admin/events/event/", {"action": "export_attendees_csv", "_selected_action": [str(event.pk)]}
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["email"]: row["checkedInAt"] for row in rows} == {
        "came@example.com": Ticket.objects.get(pk=came.pk).checked_in_at.isoformat(),
        "later@example.com": "",
        "no-ticket@example.com": "",
    }


def team_client(role: str, event):
    if role == "owner":
        return bearer_client(event.created_by)
    if role == "staff":
        return bearer_client(StaffFactory())
    return bearer_client(TeamMemberFactory(event=event, user=UserFactory(), role=role).user)


TEAM = ["owner", TeamMember.Role.ORGANIZER.value, TeamMember.Role.CHECKER.value, "staff"]


@pytest.mark.parametrize("role", TEAM)
def test_the_event_shows_its_team_how_many_checked_in(event, role):
    checked_in(ticket_for(event))
    checked_in(ticket_for(event))
    ticket_for(event)
    checked_in(ticket_for(EventFactory()))

    response = team_client(role, event).get(f"/events/{event.pk}")

    assert response.status_code == 200, response.content
    assert response.json()["event"]["checkedInCount"] == 2


@pytest.mark.parametrize("method", ["put", "patch"])
def test_the_answer_to_a_change_shows_the_count_to_the_owner(event, method):
    checked_in(ticket_for(event))

    response = getattr(bearer_client(event.created_by), method)(
        f"/events/{event.pk}", EVENT_CHANGE, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["event"]["checkedInCount"] == 1


def test_an_event_without_check_ins_shows_its_team_zero(event):
    response = bearer_client(event.created_by).get(f"/events/{event.pk}")

    assert response.json()["event"]["checkedInCount"] == 0


@pytest.mark.parametrize("who", ["other_user", "attendee"])
def test_the_count_is_absent_for_everyone_else(event, who):
    checked_in(ticket_for(event))
    user = RsvpFactory(event=event).user if who == "attendee" else UserFactory()

    response = bearer_client(user).get(f"/events/{event.pk}")

    assert response.status_code == 200, response.content
    assert "checkedInCount" not in response.json()["event"]


@pytest.mark.parametrize("path", ["/events", "/events/all", "/events?createdBy=me"])
@pytest.mark.parametrize("cached", [True, False], ids=["shared-pages", "plain-path"])
def test_the_lists_never_show_the_count_not_even_to_the_team(event, path, cached, settings):
    if not cached:
        settings.EVENT_LIST_CACHE_SECONDS = 0
    checked_in(ticket_for(event))

    response = bearer_client(event.created_by).get(path)

    assert response.status_code == 200, response.content
    assert [row for row in response.json()["events"] if "checkedInCount" in row] == []


def test_my_rsvps_do_not_show_the_count(event):
    ticket = checked_in(ticket_for(event))

    response = bearer_client(ticket.holder).get("/users/me/rsvps")

    assert "checkedInCount" not in response.json()["rsvps"][0]["event"]


def count_queries_of(client, event) -> int:
    with database_statements() as statements:
        assert client.get(f"/events/{event.pk}").status_code == 200
    return len([statement for statement in reads_of(statements, Ticket._meta.db_table) if statement.is_count])


def test_the_count_costs_its_team_one_query_and_others_none(event):
    checked_in(ticket_for(event))
    member = TeamMemberFactory(event=event, user=UserFactory(), role=TeamMember.Role.CHECKER).user

    assert count_queries_of(bearer_client(member), event) == 1
    assert count_queries_of(bearer_client(UserFactory()), event) == 0
