"""Who may do what to an event and its team: role x operation x event status -> status (pretix style).

The table is ``permission_matrix.py``; the clients per role are ``tests.helpers.roles``.
"""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Event, Rsvp, TeamMember, Ticket
from tests.events.api.permission_matrix import CHECKIN_WRITES, EVENT_WRITES, EXPECTED, OPERATIONS, TEAM_WRITES
from tests.factories import (
    EventFactory,
    RsvpFactory,
    StaffFactory,
    TeamMemberFactory,
    TicketFactory,
    UserFactory,
)
from tests.helpers import ROLES, bearer_client, client_as

pytestmark = pytest.mark.django_db

MATRIX = [
    (status_name, role, operation, expected)
    for status_name, table in EXPECTED.items()
    for role, row in table.items()
    for operation, expected in row.items()
]


def test_the_matrix_gives_every_role_a_status_for_every_operation():
    for table in EXPECTED.values():
        assert tuple(table) == ROLES
        assert all(set(row) == set(OPERATIONS) for row in table.values())


def request(client: APIClient, operation: str, **values):
    method, path, body = OPERATIONS[operation]
    path = path.format(**values)
    if body is None:
        return getattr(client, method)(path)
    body = {key: value.format(**values) if isinstance(value, str) else value for key, value in body.items()}
    return getattr(client, method)(path, body, format="json")


@pytest.mark.parametrize(("event_status", "role", "operation", "status"), MATRIX)
def test_permission_matrix(event_status, role, operation, status):
    event = EventFactory(title="Original", status=event_status, visibility=Event.Visibility.PUBLIC)
    member = TeamMemberFactory(event=event, role=TeamMember.Role.CHECKER)
    newcomer = UserFactory()
    guest, arrived = tickets_at_the_door(event)
    client = client_as(role, event)
    for rsvp in Rsvp.objects.filter(event=event, event__status=Event.Status.PUBLISHED, ticket__isnull=True):
        TicketFactory(rsvp=rsvp)
    team_before, door_before = team_of(event), door_of(event)

    response = request(
        client,
        operation,
        event=event.pk,
        member=member.user_id,
        newcomer=newcomer.email,
        guest=guest,
        arrived=arrived,
    )

    assert response.status_code == status, response.content
    if status >= 400:
        assert set(response.json()) == {"message", "code"}
    if status >= 400 and operation in EVENT_WRITES:
        assert Event.objects.get(pk=event.pk).title == "Original"
    if status >= 400 and operation in TEAM_WRITES:
        assert team_of(event) == team_before
    if status >= 400 and operation in CHECKIN_WRITES:
        assert door_of(event) == door_before


def tickets_at_the_door(event: Event) -> tuple[str, str]:
    """Two other attendees' codes, the second checked in; made-up codes for a draft (no RSVPs)."""
    if event.status != Event.Status.PUBLISHED:
        return "no-such-code-1", "no-such-code-2"
    guest, arrived = (
        TicketFactory(rsvp=RsvpFactory(event=event)),
        TicketFactory(rsvp=RsvpFactory(event=event)),
    )
    Ticket.objects.filter(pk=arrived.pk).update(checked_in_at=arrived.created_at)
    return guest.code, arrived.code


def door_of(event: Event) -> set[tuple]:
    return set(Ticket.objects.filter(event=event).values_list("code", "checked_in_at"))


def team_of(event: Event) -> set[tuple]:
    return set(TeamMember.objects.filter(event=event).values_list("user_id", "role"))


def test_a_refused_change_says_who_may_make_it():
    event = EventFactory()

    response = client_as("checker", event).patch(f"/events/{event.pk}", {"title": "x"}, format="json")

    assert response.json()["message"] == "Only the event's owner, organizers or staff can change it."


def test_a_refused_delete_says_only_the_owner_or_staff_may():
    event = EventFactory()

    response = client_as("organizer", event).delete(f"/events/{event.pk}")

    assert response.json()["message"] == "Only the event's owner or staff can delete it."


# With REQUIRE_VERIFIED_EMAIL on, creating is refused to users whose address is not verified;
# reading, and changing their own events, is not. Staff are exempt.
EVENT_OPERATIONS = ("list", "legacy_all", "retrieve", "create", "legacy_create", "put", "patch", "delete")
READ = {"list": 200, "legacy_all": 200, "retrieve": 200, "create": 201, "legacy_create": 201}
WRITE_ALLOWED = {"put": 200, "patch": 200, "delete": 204}
WRITE_FORBIDDEN = dict.fromkeys(WRITE_ALLOWED, 403)
UNVERIFIED_CREATE = {"create": 403, "legacy_create": 403}
EXPECTED_WHEN_VERIFICATION_REQUIRED = {
    "unverified_user": READ | UNVERIFIED_CREATE | WRITE_FORBIDDEN,
    "unverified_owner": READ | UNVERIFIED_CREATE | WRITE_ALLOWED,
    "verified_user": READ | WRITE_FORBIDDEN,
    "unverified_staff": READ | WRITE_ALLOWED,
}


def verification_client_for(role: str, event: Event) -> APIClient:
    user = {
        "unverified_user": UserFactory,
        "unverified_owner": lambda: event.created_by,
        "verified_user": lambda: UserFactory(email_verified_at=timezone.now()),
        "unverified_staff": StaffFactory,
    }[role]()
    return bearer_client(user)


@pytest.mark.parametrize(
    ("role", "operation", "status"),
    [
        (role, op, status)
        for role, row in EXPECTED_WHEN_VERIFICATION_REQUIRED.items()
        for op, status in row.items()
    ],
)
def test_event_permission_matrix_when_verified_email_is_required(settings, role, operation, status):
    settings.REQUIRE_VERIFIED_EMAIL = True
    event = EventFactory(title="Original")

    response = request(verification_client_for(role, event), operation, event=event.pk)

    assert response.status_code == status, response.content
    if status == 403 and operation in UNVERIFIED_CREATE:
        assert response.json()["code"] == "email_not_verified"
