"""Account self-service: exporting one's data (GET /users/me/export)."""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from accounts.models import ApiKey, User
from tests.accounts.api.self_service import assert_conforms, export, logged_in
from tests.factories import EventFactory, RsvpFactory, TeamMemberFactory
from tests.helpers import bearer_client, rsvp_path

pytestmark = pytest.mark.django_db


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
    "accounts.ApiKey": "apiKeys",
    "api.IdempotencyKey": "idempotencyKeys",
    "events.Event": "events",
    "events.Rsvp": "rsvps",
    "events.CalendarFeed": "calendarFeed",
    "events.DigestEntry": "digestEntries",
    "events.WebhookEndpoint": "webhooks",
    "events.TeamMember": "teamRoles",
    "events.Ticket": "tickets",
}
RENAMED = {
    "accounts.User": {"id": "userId"},
    "admin.LogEntry": {"action_flag": "action"},
    "accounts.ApiKey": {"id": "keyId"},
    "events.Event": {"id": "eventId", "time_zone": "timezone", "going_count": "attendeeCount"},
    "events.Rsvp": {"id": "rsvpId", "event": "eventId"},
    "events.DigestEntry": {"event": "eventId", "organizer": "organizerId", "attendee": "attendeeId"},
    "events.WebhookEndpoint": {"id": "webhookId"},
    "events.TeamMember": {"event": "eventId"},
    "events.Ticket": {"event": "eventId", "rsvp": "rsvpId", "checked_in_by": "checkedInBy"},
}
EXCLUDED = {
    "accounts.User": {"password", "email_key"},
    "accounts.User_groups": {"id", "user", "group"},
    "accounts.User_user_permissions": {"id", "user", "permission"},
    "admin.LogEntry": {"id", "user"},
    "accounts.RevokedToken": {"id", "user"},
    "accounts.ApiKey": {"user", "secret_hash"},
    "api.IdempotencyKey": {"id", "user", "scope", "fingerprint"},
    # The object key of an upload not yet processed: the site's bookkeeping, gone once processed.
    "events.Event": {"image_upload_key"},
    "events.Rsvp": {"user"},
    "events.CalendarFeed": {"id", "user"},
    "events.DigestEntry": {"id"},
    "events.WebhookEndpoint": {"owner", "secret"},
    "events.TeamMember": {"id", "user"},
    "events.Ticket": {"id", "holder"},
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
def a_bit_of_everything(superuser, other_user, admin_site_client, settings):
    """One row of every kind that refers to ``superuser``, most made through the API and the admin."""
    superuser.groups.add(Group.objects.create(name="ops"))
    superuser.user_permissions.add(Permission.objects.get(codename="change_event"))
    client, refresh_token = logged_in(superuser)
    draft = {"title": "Secret plans", "date": "2031-05-01T10:00:00Z", "status": "draft", "capacity": 3}
    assert client.post("/events", draft, format="json", HTTP_IDEMPOTENCY_KEY="draft-1").status_code == 201
    other_user.email_organizer_digest = True
    other_user.save(update_fields=["email_organizer_digest"])
    other_event = EventFactory(created_by=other_user, title="Their party")
    assert client.post(rsvp_path(other_event)).status_code == 201
    TeamMemberFactory(event=other_event, user=superuser, added_by=other_user, role="checker")
    assert client.get("/users/me/calendar-key").status_code == 200
    assert client.post("/users/logout", {"refreshToken": refresh_token}, format="json").status_code == 204
    assert admin_site_client.post("/admin/auth/group/add/", {"name": "auditors"}).status_code == 302
    settings.WEBHOOKS_ALLOW_HTTP = settings.WEBHOOKS_ALLOW_LOOPBACK = True
    hook = {"url": "http://127.0.0.1:9/hook", "eventTypes": ["event.created"], "description": "CRM"}
    assert client.post("/users/me/webhooks", hook, format="json").status_code == 201
    key = {"name": "CRM", "scopes": ["events:read"]}
    assert client.post("/users/me/api-keys", key, format="json").status_code == 201
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
    [webhook] = data["webhooks"]
    assert (webhook["url"], webhook["eventTypes"], webhook["description"]) == (
        "http://127.0.0.1:9/hook",
        ["event.created"],
        "CRM",
    )
    assert "secret" not in webhook
    assert b"whsec_" not in response.content
    [api_key] = data["apiKeys"]
    assert (api_key["name"], api_key["scopes"], api_key["revokedAt"]) == ("CRM", ["events:read"], None)
    assert "key" not in api_key and "secretHash" not in api_key
    assert ApiKey.objects.get(user=superuser).secret_hash.encode() not in response.content


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
    empty = ("events", "rsvps", "idempotencyKeys", "revokedTokens", "adminLogEntries", "webhooks", "apiKeys")
    assert all(data[section] == [] for section in empty)
    assert auth_client.get("/users/me/export").json()["export"]["calendarFeed"] is None
