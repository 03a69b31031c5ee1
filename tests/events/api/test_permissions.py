"""Who may do what to an event and its team: role x operation x event status -> status (pretix style).

The table is ``permission_matrix.py``; the clients per role are ``tests.helpers.roles``.
"""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Event, TeamMember
from tests.events.api.permission_matrix import EVENT_WRITES, EXPECTED, OPERATIONS, TEAM_WRITES
from tests.factories import EventFactory, StaffFactory, TeamMemberFactory, UserFactory
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
    event = EventFactory(title="Original", status=event_status)
    member = TeamMemberFactory(event=event, role=TeamMember.Role.CHECKER)
    newcomer = UserFactory()
    client = client_as(role, event)
    team_before = team_of(event)

    response = request(client, operation, event=event.pk, member=member.user_id, newcomer=newcomer.email)

    assert response.status_code == status, response.content
    if status >= 400:
        assert set(response.json()) == {"message", "code"}
    if status >= 400 and operation in EVENT_WRITES:
        assert Event.objects.get(pk=event.pk).title == "Original"
    if status >= 400 and operation in TEAM_WRITES:
        assert team_of(event) == team_before


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
