"""Who may do what to an event: role x operation -> status (pretix style)."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Event
from tests.factories import EventFactory, StaffFactory, UserFactory
from tests.helpers import bearer_client

pytestmark = pytest.mark.django_db

BODY = {"title": "Changed", "date": "2030-05-05T10:00:00.000Z", "location": "Oslo"}

OPERATIONS = {
    "list": ("get", "/events"),
    "legacy_all": ("get", "/events/all"),
    "retrieve": ("get", "/events/{id}"),
    "create": ("post", "/events"),
    "legacy_create": ("post", "/events/create"),
    "put": ("put", "/events/{id}"),
    "patch": ("patch", "/events/{id}"),
    "delete": ("delete", "/events/{id}"),
}

READ = {"list": 200, "legacy_all": 200, "retrieve": 200, "create": 201, "legacy_create": 201}
WRITE_ALLOWED = {"put": 200, "patch": 200, "delete": 204}
WRITE_FORBIDDEN = dict.fromkeys(WRITE_ALLOWED, 403)

EXPECTED = {
    "anonymous": dict.fromkeys(OPERATIONS, 401),
    "other_user": READ | WRITE_FORBIDDEN,
    "owner": READ | WRITE_ALLOWED,
    "staff": READ | WRITE_ALLOWED,
}


def client_for(role: str, event: Event) -> APIClient:
    if role == "anonymous":
        return APIClient()
    user = {"owner": lambda: event.created_by, "other_user": UserFactory, "staff": StaffFactory}[role]()
    return bearer_client(user)


@pytest.mark.parametrize(
    ("role", "operation", "status"),
    [(role, op, status) for role, row in EXPECTED.items() for op, status in row.items()],
)
def test_event_permission_matrix(role, operation, status):
    event = EventFactory(title="Original")
    method, path = OPERATIONS[operation]

    response = getattr(client_for(role, event), method)(path.format(id=event.pk), BODY, format="json")

    assert response.status_code == status, response.content
    if status >= 400:
        assert set(response.json()) == {"message", "code"}
        assert Event.objects.get(pk=event.pk).title == "Original"


# With REQUIRE_VERIFIED_EMAIL on, creating is refused to users whose address is not verified;
# reading, and changing their own events, is not. Staff are exempt.
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
    method, path = OPERATIONS[operation]

    response = getattr(verification_client_for(role, event), method)(
        path.format(id=event.pk), BODY, format="json"
    )

    assert response.status_code == status, response.content
    if status == 403 and operation in UNVERIFIED_CREATE:
        assert response.json()["code"] == "email_not_verified"
