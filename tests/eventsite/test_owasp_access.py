"""OWASP API Security Top 10 (2023): who may do what (API1, API2, API3, API5).

API6 (business flows), API7 (SSRF: the API fetches no URLs) and API10 (unsafe consumption: it
calls no third-party APIs) do not apply. The other items are in ``test_owasp_resources.py``
(API4), ``test_owasp_configuration.py`` (API8, API9) and ``test_owasp_accounts.py`` (login paths,
tokens, account self-service). Login brute force (API2/API4) is in
``tests/accounts/api/test_lockout.py``, the production headers (API8) in ``test_production_settings.py``.
"""

import re
import uuid

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from events.models import Event
from tests.eventsite.owasp import EVENT_BODY
from tests.factories import DEFAULT_PASSWORD, EventFactory
from tests.helpers import (
    assert_error,
    bearer_client,
    expired_token,
    refresh_as_access,
    unsigned_token,
    wrongly_signed_token,
)

pytestmark = pytest.mark.django_db


FOREIGN_WRITES = [("put", EVENT_BODY), ("patch", {"title": "Mine now"}), ("delete", None)]


def call(client: APIClient, method: str, path: str, body: dict | None = None):
    return (
        getattr(client, method)(path, body, format="json")
        if body is not None
        else getattr(client, method)(path)
    )


@pytest.fixture
def protected_operations(schema) -> list[tuple[str, str]]:
    """Every (method, path template) of the schema that requires credentials."""
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if {} not in operation.get("security", [{}])
    ]


def concrete(path: str, event: Event) -> str:
    return re.sub(r"{eventId}", str(event.pk), path)


# API1: broken object-level authorization


@pytest.mark.parametrize(("method", "body"), FOREIGN_WRITES)
def test_api1_writes_on_someone_elses_event_are_403_and_change_nothing(other_user, event, method, body):
    response = call(bearer_client(other_user), method, f"/events/{event.pk}", body)

    assert_error(response, 403, "permission_denied")
    event.refresh_from_db()
    assert (event.title, event.created_by_id) != ("Mine now", other_user.pk)
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(("method", "body"), FOREIGN_WRITES)
def test_api1_staff_may_write_on_any_event(staff_user, event, method, body):
    response = call(bearer_client(staff_user), method, f"/events/{event.pk}", body)

    assert response.status_code in (200, 204)


def test_api1_ids_are_random_uuid4_not_guessable(auth_client):
    created = [auth_client.post("/events", EVENT_BODY, format="json").json()["event"] for _ in range(3)]
    registered = APIClient().post(
        "/users/register",
        {"name": "Eve", "email": "eve@example.com", "password": DEFAULT_PASSWORD},
        format="json",
    )

    ids = [uuid.UUID(event["eventId"]) for event in created] + [
        uuid.UUID(registered.json()["user"]["userId"])
    ]
    assert {identifier.version for identifier in ids} == {4}
    assert len(set(ids)) == len(ids)


# API2: broken authentication


def token_after_password_change(user) -> str:
    authorization = f"Bearer {RefreshToken.for_user(user).access_token}"
    response = bearer_client(user).post(
        "/users/me/password",
        {"currentPassword": DEFAULT_PASSWORD, "newPassword": "a-Brand-new-passw0rd"},
        format="json",
    )
    assert response.status_code == 204
    return authorization


def token_of_deactivated_user(user) -> str:
    authorization = f"Bearer {RefreshToken.for_user(user).access_token}"
    user.is_active = False
    user.save()
    return authorization


@pytest.mark.parametrize(
    "bad_token",
    [
        expired_token,
        wrongly_signed_token,
        unsigned_token,
        refresh_as_access,
        token_of_deactivated_user,
        token_after_password_change,
    ],
)
def test_api2_every_protected_operation_refuses_bad_tokens_with_401(
    protected_operations, user, event, bad_token
):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=bad_token(user))

    assert protected_operations
    for method, path in protected_operations:
        response = call(
            client, method, concrete(path, event), {} if method in ("post", "put", "patch") else None
        )
        assert_error(response, 401)
        assert "WWW-Authenticate" in response, (method, path)


def test_api2_an_access_token_is_not_a_refresh_token(api_client, user):
    access = str(RefreshToken.for_user(user).access_token)

    assert_error(api_client.post("/users/token/refresh", {"refreshToken": access}, format="json"), 401)


# API3: broken object-property-level authorization


def test_api3_event_server_fields_in_the_body_are_ignored(auth_client, user, other_user):
    forged = {
        "eventId": str(uuid.uuid4()),
        "createdBy": str(other_user.pk),
        "createdAt": "2000-01-01T00:00:00.000Z",
        "updatedAt": "2000-01-01T00:00:00.000Z",
    }
    created = auth_client.post("/events", {**EVENT_BODY, **forged}, format="json").json()["event"]
    patched = auth_client.patch(f"/events/{created['eventId']}", forged, format="json").json()["event"]

    for event in (created, patched):
        assert event["eventId"] != forged["eventId"]
        assert event["createdBy"] == str(user.pk)
        assert event["createdAt"] != forged["createdAt"]


def test_api3_users_cannot_make_themselves_staff(api_client):
    body = {"name": "Mallory", "email": "mallory@example.com", "password": DEFAULT_PASSWORD}
    forged = {"isStaff": True, "is_staff": True, "isSuperuser": True, "userId": str(uuid.uuid4())}
    registered = api_client.post("/users/register", {**body, **forged}, format="json").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {registered['token']}")
    client.patch("/users/me", {"name": "Mallory", **forged, "email": "other@example.com"}, format="json")

    me = client.get("/users/me").json()["user"]
    assert me["userId"] == registered["user"]["userId"] != forged["userId"]
    assert me["email"] == "mallory@example.com"
    assert not set(me) & {"isStaff", "password", "isSuperuser"}
    stored = User.objects.get(pk=me["userId"])
    assert not (stored.is_staff or stored.is_superuser)


# API5: broken function-level authorization


def test_api5_admin_is_refused_to_users_and_to_bearer_tokens(client, user, auth_client):
    client.force_login(user)

    for path in ("/admin/", "/admin/accounts/user/", "/admin/events/event/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert auth_client.get(path).status_code == 302


def test_api5_staff_only_event_writes_are_not_granted_to_users(user, other_user):
    event = EventFactory(created_by=other_user)

    assert_error(bearer_client(user).delete(f"/events/{event.pk}"), 403)
    assert Event.objects.filter(pk=event.pk).exists()
