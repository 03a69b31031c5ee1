"""Who may check people in: role x check-in route -> status (pretix style).

For the integrator to merge into ``tests/events/api/test_permissions.py``'s matrix.
"""

import pytest
from rest_framework.test import APIClient

from events.models import Event, TeamMember, Ticket
from tests.factories import (
    EventFactory,
    RsvpFactory,
    StaffFactory,
    TeamMemberFactory,
    TicketFactory,
    UserFactory,
)
from tests.helpers import bearer_client

pytestmark = pytest.mark.django_db

OPERATIONS = ("checkin", "checkin_undo")
TEAM = {"checkin": 200, "checkin_undo": 204}
EXPECTED = {
    "anonymous": dict.fromkeys(OPERATIONS, 401),
    "other_user": dict.fromkeys(OPERATIONS, 403),
    "attendee": dict.fromkeys(OPERATIONS, 403),
    "checker": TEAM,
    "organizer": TEAM,
    "owner": TEAM,
    "staff": TEAM,
}


def client_for(role: str, event: Event) -> APIClient:
    if role == "anonymous":
        return APIClient()
    member = {"checker": TeamMember.Role.CHECKER, "organizer": TeamMember.Role.ORGANIZER}
    if role in member:
        user = TeamMemberFactory(event=event, user=UserFactory(), role=member[role]).user
    else:
        user = {
            "owner": lambda: event.created_by,
            "other_user": UserFactory,
            "attendee": lambda: RsvpFactory(event=event).user,
            "staff": StaffFactory,
        }[role]()
    return bearer_client(user)


@pytest.mark.parametrize(
    ("role", "operation", "status"),
    [(role, op, status) for role, row in EXPECTED.items() for op, status in row.items()],
)
def test_checkin_permission_matrix(role, operation, status):
    event = EventFactory()
    ticket = TicketFactory(rsvp=RsvpFactory(event=event))
    was_checked_in = operation == "checkin_undo"
    if was_checked_in:
        Ticket.objects.filter(pk=ticket.pk).update(checked_in_at=ticket.created_at)
    client = client_for(role, event)

    if operation == "checkin":
        response = client.post(f"/events/{event.pk}/checkin", {"code": ticket.code}, format="json")
    else:
        response = client.delete(f"/events/{event.pk}/checkin/{ticket.code}")

    assert response.status_code == status, response.content
    checked_in = Ticket.objects.get(pk=ticket.pk).checked_in_at is not None
    if status >= 400:
        assert set(response.json()) == {"message", "code"}
        assert checked_in == was_checked_in
    else:
        assert checked_in != was_checked_in
