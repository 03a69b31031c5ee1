"""Account self-service: deleting one's account, exporting one's data, logging out everywhere."""

import re

import pytest
import requests
import schemathesis
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from rest_framework.test import APIClient
from schemathesis.core.transport import Response as SchemathesisResponse

from accounts.models import User
from events.models import Event, Rsvp
from tests.factories import DEFAULT_PASSWORD, EventFactory, RsvpFactory, UserFactory
from tests.helpers import (
    assert_error,
    assert_field_errors,
    bearer_client,
    login,
    refresh,
    rsvp_path,
    set_throttle_rates,
    titles,
)

pytestmark = pytest.mark.django_db

SELF_SERVICE = [("delete", "/users/me"), ("get", "/users/me/export"), ("post", "/users/me/logout-all")]


def delete_account(client: APIClient, password=DEFAULT_PASSWORD):
    body = {} if password is None else {"password": password}
    return client.delete("/users/me", body, format="json")


def export(client: APIClient) -> dict:
    response = client.get("/users/me/export")
    assert response.status_code == 200, response.content
    return response.json()["export"]


def with_bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def logged_in(user) -> tuple[APIClient, str]:
    """A client with the access token of a real login, and that login's refresh token."""
    body = login(APIClient(), user.email).json()
    return with_bearer(body["token"]), body["refreshToken"]


@pytest.fixture(scope="module")
def openapi(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/schema", {"format": "json"})
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())


def assert_conforms(openapi, response, method: str, path: str) -> None:
    """The answer is one the schema documents: status, content type and body (the fuzzer's checks)."""
    assert str(response.status_code) in openapi.raw_schema["paths"][path][method]["responses"]
    request = requests.Request(method.upper(), f"http://testserver{path}").prepare()
    headers = {name: [value] for name, value in response.items()}
    answer = SchemathesisResponse(response.status_code, headers, response.content, request, 0.0, True)
    openapi[path][method.upper()].validate_response(answer)


# Anonymous callers


@pytest.mark.parametrize(("method", "path"), SELF_SERVICE)
def test_anonymous_callers_are_401_on_every_self_service_endpoint(api_client, openapi, method, path):
    response = getattr(api_client, method)(path, {"password": DEFAULT_PASSWORD}, format="json")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_conforms(openapi, response, method, path)


# DELETE /users/me


def test_deleting_ones_account_with_the_password_removes_the_user_their_events_and_rsvps(
    auth_client, user, other_user, openapi
):
    own = EventFactory(created_by=user, status=Event.Status.DRAFT)
    attended = EventFactory(created_by=other_user)
    RsvpFactory(event=attended, user=user)

    response = delete_account(auth_client)

    assert response.status_code == 204
    assert response.content == b""
    assert_conforms(openapi, response, "delete", "/users/me")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Event.objects.filter(pk=own.pk).exists()
    assert not Rsvp.objects.filter(user_id=user.pk).exists()
    assert bearer_client(other_user).get(f"/events/{attended.pk}").json()["event"]["attendeeCount"] == 0


def test_deleting_ones_account_gives_the_seat_to_the_oldest_waitlisted_person(other_user):
    event = EventFactory(created_by=other_user, capacity=1)
    leaver, first, second = UserFactory(), UserFactory(), UserFactory()
    for attendee in (leaver, first, second):
        assert bearer_client(attendee).post(rsvp_path(event)).status_code == 201

    assert delete_account(bearer_client(leaver)).status_code == 204

    shown = bearer_client(first).get(f"/events/{event.pk}").json()["event"]
    assert (shown["attendeeCount"], shown["spotsLeft"], shown["myRsvp"]["status"]) == (1, 0, "going")
    waiting = bearer_client(second).get(f"/events/{event.pk}").json()["event"]
    assert waiting["myRsvp"]["status"] == "waitlisted"


def test_deleting_ones_account_retires_cached_event_lists(auth_client, user, other_user):
    EventFactory(created_by=user, title="Leaving with me")
    reader = bearer_client(other_user)
    assert titles(reader) == ["Leaving with me"]

    assert delete_account(auth_client).status_code == 204

    assert titles(reader) == []


@pytest.mark.parametrize(
    "body",
    [{"password": "not-the-Password-1"}, {}, {"password": ""}, {"password": 12345}, {"password": None}],
    ids=["wrong", "missing", "empty", "number", "null"],
)
def test_account_deletion_without_the_right_password_is_400_naming_password_and_deletes_nothing(
    auth_client, user, openapi, body
):
    event = EventFactory(created_by=user)

    response = auth_client.delete("/users/me", body, format="json")

    assert_field_errors(response, "password")
    assert_conforms(openapi, response, "delete", "/users/me")
    assert User.objects.filter(pk=user.pk).exists()
    assert Event.objects.filter(pk=event.pk).exists()


def test_account_deletion_without_a_body_is_400_naming_password(auth_client, user):
    assert_field_errors(auth_client.delete("/users/me"), "password")
    assert User.objects.filter(pk=user.pk).exists()


def test_the_tokens_of_a_deleted_account_answer_401(user):
    client, refresh_token = logged_in(user)

    assert delete_account(client).status_code == 204

    assert_error(client.get("/users/me"), 401)
    assert_error(client.get("/events"), 401)
    assert_error(refresh(APIClient(), refresh_token), 401)
    assert_error(login(APIClient(), user.email), 401)


def test_account_deletion_is_throttled_like_a_password_change(auth_client, user, settings, monkeypatch):
    set_throttle_rates(settings, monkeypatch, auth="2/min")

    answers = [delete_account(auth_client, "not-the-Password-1").status_code for _ in range(2)]
    throttled = delete_account(auth_client)

    assert answers == [400, 400]
    assert_error(throttled, 429, "throttled")
    assert User.objects.filter(pk=user.pk).exists()
    assert auth_client.get("/users/me").status_code == 200  # the limit is the deletion's only


# GET /users/me/export

# Where each model that refers to a user appears in the export, and how its fields are named
# there: camelCase, but for these renames; EXCLUDED lists the fields left out on purpose
# (accounts.selectors.UserData says why).
SECTIONS = {
    "accounts.User": "user",
    "accounts.User_groups": "user",
    "accounts.User_user_permissions": "user",
    "admin.LogEntry": "adminLogEntries",
    "accounts.RevokedToken": "revokedTokens",
    "api.IdempotencyKey": "idempotencyKeys",
    "events.Event": "events",
    "events.Rsvp": "rsvps",
    "events.CalendarFeed": "calendarFeed",
}
RENAMED = {
    "accounts.User": {"id": "userId"},
    "admin.LogEntry": {"action_flag": "action"},
    "events.Event": {"id": "eventId", "time_zone": "timezone", "going_count": "attendeeCount"},
    "events.Rsvp": {"id": "rsvpId", "event": "eventId"},
}
EXCLUDED = {
    "accounts.User": {"password", "email_key"},
    "accounts.User_groups": {"id", "user", "group"},
    "accounts.User_user_permissions": {"id", "user", "permission"},
    "admin.LogEntry": {"id", "user"},
    "accounts.RevokedToken": {"id", "user"},
    "api.IdempotencyKey": {"id", "user", "scope", "fingerprint"},
    "events.Event": set(),
    "events.Rsvp": {"user"},
    "events.CalendarFeed": {"id", "user"},
}


def camel(name: str) -> str:
    return re.sub(r"_(\w)", lambda match: match[1].upper(), name)


def models_referring_to_users() -> set[str]:
    """Every installed model with a column that refers to a user, with many-to-many tables."""
    return {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    }


@pytest.fixture
def a_bit_of_everything(superuser, other_user, admin_site_client):
    """One row of every kind that refers to ``superuser``, most made through the API and the admin."""
    superuser.groups.add(Group.objects.create(name="ops"))
    superuser.user_permissions.add(Permission.objects.get(codename="change_event"))
    client, refresh_token = logged_in(superuser)
    draft = {"title": "Secret plans", "date": "2031-05-01T10:00:00Z", "status": "draft", "capacity": 3}
    assert client.post("/events", draft, format="json", HTTP_IDEMPOTENCY_KEY="draft-1").status_code == 201
    other_event = EventFactory(created_by=other_user, title="Their party")
    assert client.post(rsvp_path(other_event)).status_code == 201
    assert client.get("/users/me/calendar-key").status_code == 200
    assert client.post("/users/logout", {"refreshToken": refresh_token}, format="json").status_code == 204
    assert admin_site_client.post("/admin/auth/group/add/", {"name": "auditors"}).status_code == 302
    return bearer_client(superuser), other_event


def test_every_model_that_refers_to_a_user_is_exported_with_every_field(a_bit_of_everything):
    client, _ = a_bit_of_everything
    data = export(client)

    assert models_referring_to_users() | {"accounts.User"} == set(SECTIONS)
    for label, section in SECTIONS.items():
        model = apps.get_model(label)
        names = [f.name for f in model._meta.concrete_fields] + [f.name for f in model._meta.many_to_many]
        expected = {RENAMED.get(label, {}).get(name, camel(name)) for name in names} - {
            camel(name) for name in EXCLUDED[label]
        }
        if label.startswith("accounts.User_"):
            expected = {camel(label.removeprefix("accounts.User_"))}
        entries = data[section] if isinstance(data[section], list) else [data[section]]
        assert entries, section
        for entry in entries:
            assert expected <= set(entry), (label, expected - set(entry))


def test_the_export_holds_what_the_caller_made_and_did(a_bit_of_everything, superuser, openapi):
    client, other_event = a_bit_of_everything

    response = client.get("/users/me/export")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert_conforms(openapi, response, "get", "/users/me/export")
    body = response.json()
    assert body["message"] == "User data exported"
    data = body["export"]
    assert data["user"]["userId"] == str(superuser.pk)
    assert data["user"]["email"] == superuser.email
    assert (data["user"]["isStaff"], data["user"]["isSuperuser"]) == (True, True)
    assert data["user"]["groups"] == ["ops"]
    assert data["user"]["userPermissions"] == ["events.change_event"]
    [event] = data["events"]
    assert (event["title"], event["status"], event["capacity"]) == ("Secret plans", "draft", 3)
    assert event["createdBy"] == str(superuser.pk)
    [rsvp] = data["rsvps"]
    assert (rsvp["eventId"], rsvp["eventTitle"]) == (str(other_event.pk), "Their party")
    assert rsvp["status"] == "going"
    feed_key = client.get("/users/me/calendar-key").json()["calendarKey"]["key"]
    assert data["calendarFeed"]["key"] == feed_key
    [idempotency_key] = data["idempotencyKeys"]
    assert (idempotency_key["key"], idempotency_key["statusCode"]) == ("draft-1", 201)
    assert idempotency_key["responseBody"]["event"]["eventId"] == event["eventId"]
    assert len(data["revokedTokens"]) == 1
    [change] = data["adminLogEntries"]
    assert (change["action"], change["contentType"]) == ("addition", "auth.group")
    assert change["objectRepr"] == "auditors"


def test_the_export_leaves_out_the_password_hash_and_everything_of_other_users(auth_client, user, other_user):
    EventFactory(created_by=other_user, title="Not mine")
    RsvpFactory(user=other_user, event=EventFactory(created_by=user, title="Mine"))

    response = auth_client.get("/users/me/export")

    data = response.json()["export"]
    assert user.password.encode() not in response.content
    assert str(other_user.pk).encode() not in response.content
    assert other_user.email.encode() not in response.content
    assert [event["title"] for event in data["events"]] == ["Mine"]
    assert data["rsvps"] == []


def test_a_new_users_export_is_empty_but_for_the_profile(auth_client, user, openapi):
    response = auth_client.get("/users/me/export")

    assert_conforms(openapi, response, "get", "/users/me/export")
    data = response.json()["export"]
    assert data["user"]["userId"] == str(user.pk)
    assert data["calendarFeed"] is None
    empty = ("events", "rsvps", "idempotencyKeys", "revokedTokens", "adminLogEntries")
    assert all(data[section] == [] for section in empty)
    assert auth_client.get("/users/me/export").json()["export"]["calendarFeed"] is None


# POST /users/me/logout-all


def test_logout_all_makes_every_earlier_access_and_refresh_token_answer_401(user, openapi):
    first, first_refresh = logged_in(user)
    second, second_refresh = logged_in(user)

    response = first.post("/users/me/logout-all")

    assert response.status_code == 204
    assert response.content == b""
    assert_conforms(openapi, response, "post", "/users/me/logout-all")
    for client in (first, second):
        assert_error(client.get("/users/me"), 401, "token_not_valid")
    for refresh_token in (first_refresh, second_refresh):
        assert_error(refresh(APIClient(), refresh_token), 401, "token_not_valid")


def test_a_login_after_logout_all_gives_working_tokens(user):
    client, _ = logged_in(user)
    assert client.post("/users/me/logout-all").status_code == 204

    fresh, fresh_refresh = logged_in(user)

    assert fresh.get("/users/me").status_code == 200
    rotated = refresh(APIClient(), fresh_refresh)
    assert rotated.status_code == 200
    assert with_bearer(rotated.json()["token"]).get("/users/me").status_code == 200


def test_logout_all_ends_browser_sessions_too(user):
    browser = APIClient()
    browser.force_login(user)
    assert browser.get("/users/me").status_code == 200

    assert bearer_client(user).post("/users/me/logout-all").status_code == 204

    assert_error(browser.get("/users/me"), 401)


def test_logout_all_leaves_other_users_logged_in(user, other_user):
    other, _ = logged_in(other_user)

    assert bearer_client(user).post("/users/me/logout-all").status_code == 204

    assert other.get("/users/me").status_code == 200


# The schema


def test_the_schema_documents_each_self_service_operation(openapi):
    raw = openapi.raw_schema["paths"]
    delete = raw["/users/me"]["delete"]
    assert delete["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/AccountDeleteRequest"
    )
    assert set(delete["responses"]) == {"204", "400", "401", "403", "406", "413", "415", "429", "503"}
    assert set(raw["/users/me/export"]["get"]["responses"]) == {"200", "401", "406", "429"}
    assert {"204", "401", "429"} <= set(raw["/users/me/logout-all"]["post"]["responses"])
    assert all({} not in raw[path][method]["security"] for method, path in SELF_SERVICE)
