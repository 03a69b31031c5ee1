"""Each ``/users/…`` answer is exactly the body its operation declares in the OpenAPI document.

Strict: a key the component does not name fails too (``additionalProperties: false`` is added to
every component here), so a body and its documented serializer cannot drift apart.
"""

import copy
import re

import pytest
from django.core import mail
from openapi_schema_validator import OAS30ReadValidator
from rest_framework.test import APIClient

from accounts.mail import unsubscribe_token
from tests.accounts.api.email_links import emailed_token
from tests.factories import DEFAULT_PASSWORD, EventFactory, RsvpFactory
from tests.helpers import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mailoutbox")]

NEW_PASSWORD = "a-New-password-42"
# The caller's RSVPs and calendar feed are the events app's (tests/events).
EVENTS_UNDER_USERS = ("/users/me/rsvps", "/users/me/calendar", "/users/me/webhooks", "/users/me/events")


def strict(node):
    """A copy of a schema in which no object takes a property it does not name.

    drf-spectacular marks a nullable nested serializer ``{allOf: [$ref], nullable: true}``; the
    validator reads ``nullable`` only beside a ``type``, so null is spelled out for those.
    """
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: strict(value) for key, value in node.items()}
    if "properties" in node:
        node.setdefault("additionalProperties", False)
    if node.get("nullable") and "type" not in node:
        node.pop("nullable")
        return {"anyOf": [node, {"enum": [None]}]}
    return node


def declared_body(schema: dict, method: str, path: str, status: int) -> dict | None:
    response = schema["paths"][path][method]["responses"][str(status)]
    return response.get("content", {}).get("application/json", {}).get("schema")


def assert_body_matches_schema(schema: dict, response, method: str, path: str) -> None:
    declared = declared_body(schema, method, path, response.status_code)
    if declared is None:
        assert response.content == b""
        return
    assert response["Content-Type"].startswith("application/json")
    document = {**copy.deepcopy(declared), "components": strict(schema["components"])}
    OAS30ReadValidator(document).validate(response.json())


def reset_link() -> dict:
    body = mail.outbox[-1].body
    return {
        "userId": re.search(r"^userId: (\S+)$", body, re.M)[1],
        "token": re.search(r"^token: (\S+)$", body, re.M)[1],
    }


def refresh_token_of(user) -> str:
    return login(APIClient(), user.email).json()["refreshToken"]


def register(api_client, auth_client, user):
    body = {"name": "New", "email": "new@example.com", "password": NEW_PASSWORD}
    return api_client.post("/users/register", body, format="json")


def register_taken(api_client, auth_client, user):
    body = {"name": "Again", "email": user.email, "password": NEW_PASSWORD}
    return api_client.post("/users/register", body, format="json")


def log_in(api_client, auth_client, user):
    return login(api_client, user.email)


def log_in_wrongly(api_client, auth_client, user):
    return login(api_client, user.email, "not-the-password")


def read_profile(api_client, auth_client, user):
    return auth_client.get("/users/me")


def rename(api_client, auth_client, user):
    return auth_client.patch("/users/me", {"name": "Renamed"}, format="json")


def rename_blank(api_client, auth_client, user):
    return auth_client.patch("/users/me", {"name": ""}, format="json")


def refresh(api_client, auth_client, user):
    return api_client.post("/users/token/refresh", {"refreshToken": refresh_token_of(user)}, format="json")


def log_out(api_client, auth_client, user):
    return auth_client.post("/users/logout", {"refreshToken": refresh_token_of(user)}, format="json")


def request_reset(api_client, auth_client, user):
    return api_client.post("/users/password/reset", {"email": user.email}, format="json")


def confirm_reset(api_client, auth_client, user):
    request_reset(api_client, auth_client, user)
    body = {**reset_link(), "password": NEW_PASSWORD}
    return api_client.post("/users/password/reset/confirm", body, format="json")


def change_password(api_client, auth_client, user):
    body = {"currentPassword": DEFAULT_PASSWORD, "newPassword": NEW_PASSWORD}
    return auth_client.post("/users/me/password", body, format="json")


API_KEY = {"name": "CRM", "scopes": ["events:read"], "expiresAt": "2099-01-01T00:00:00Z"}


def make_api_key(api_client, auth_client, user):
    return auth_client.post("/users/me/api-keys", API_KEY, format="json")


def list_api_keys(api_client, auth_client, user):
    make_api_key(api_client, auth_client, user)
    return auth_client.get("/users/me/api-keys")


def show_api_key(api_client, auth_client, user):
    key_id = make_api_key(api_client, auth_client, user).json()["apiKey"]["keyId"]
    return auth_client.get(f"/users/me/api-keys/{key_id}")


def revoke_api_key(api_client, auth_client, user):
    key_id = make_api_key(api_client, auth_client, user).json()["apiKey"]["keyId"]
    return auth_client.delete(f"/users/me/api-keys/{key_id}")


def export(api_client, auth_client, user):
    RsvpFactory(event=EventFactory(), user=user)
    EventFactory(created_by=user, end_date=None)
    return auth_client.get("/users/me/export")


def log_out_everywhere(api_client, auth_client, user):
    return auth_client.post("/users/me/logout-all")


def delete_account(api_client, auth_client, user):
    return auth_client.delete("/users/me", {"password": DEFAULT_PASSWORD}, format="json")


def anonymous_profile(api_client, auth_client, user):
    return api_client.get("/users/me")


def set_preferences(api_client, auth_client, user):
    return auth_client.patch("/users/me", {"preferences": {"reminders": False}}, format="json")


def resend_verification(api_client, auth_client, user):
    return auth_client.post("/users/email/verify/resend")


def verify_email(api_client, auth_client, user):
    resend_verification(api_client, auth_client, user)
    return api_client.post("/users/email/verify", emailed_token(mail.outbox[-1]), format="json")


def verify_with_a_bad_token(api_client, auth_client, user):
    return api_client.post("/users/email/verify", {"userId": str(user.pk), "token": "bad"}, format="json")


def change_email(api_client, auth_client, user):
    body = {"email": "moved@example.com", "password": DEFAULT_PASSWORD}
    return auth_client.post("/users/me/email", body, format="json")


def unsubscribe(api_client, auth_client, user):
    return api_client.get(f"/users/email/unsubscribe?token={unsubscribe_token(user, 'reminders')}")


def unsubscribe_with_a_bad_token(api_client, auth_client, user):
    return api_client.get("/users/email/unsubscribe?token=bad")


def unsubscribe_in_one_click(api_client, auth_client, user):
    path = f"/users/email/unsubscribe?token={unsubscribe_token(user, 'reminders')}"
    return api_client.post(path, {"List-Unsubscribe": "One-Click"})


CASES = [
    ("post", "/users/register", 200, register),
    ("post", "/users/register", 409, register_taken),
    ("post", "/users/login", 200, log_in),
    ("post", "/users/login", 401, log_in_wrongly),
    ("get", "/users/me", 200, read_profile),
    ("get", "/users/me", 401, anonymous_profile),
    ("patch", "/users/me", 200, rename),
    ("patch", "/users/me", 400, rename_blank),
    ("delete", "/users/me", 204, delete_account),
    ("post", "/users/token/refresh", 200, refresh),
    ("post", "/users/logout", 204, log_out),
    ("post", "/users/password/reset", 202, request_reset),
    ("post", "/users/password/reset/confirm", 204, confirm_reset),
    ("post", "/users/me/password", 204, change_password),
    ("get", "/users/me/export", 200, export),
    ("post", "/users/me/logout-all", 204, log_out_everywhere),
    ("patch", "/users/me", 200, set_preferences),
    ("post", "/users/email/verify/resend", 202, resend_verification),
    ("post", "/users/email/verify", 200, verify_email),
    ("post", "/users/email/verify", 400, verify_with_a_bad_token),
    ("post", "/users/me/email", 202, change_email),
    ("get", "/users/email/unsubscribe", 200, unsubscribe),
    ("get", "/users/email/unsubscribe", 400, unsubscribe_with_a_bad_token),
    ("post", "/users/email/unsubscribe", 200, unsubscribe_in_one_click),
    ("post", "/users/me/api-keys", 201, make_api_key),
    ("get", "/users/me/api-keys", 200, list_api_keys),
    ("get", "/users/me/api-keys/{keyId}", 200, show_api_key),
    ("delete", "/users/me/api-keys/{keyId}", 204, revoke_api_key),
]


@pytest.mark.parametrize(
    ("method", "path", "status", "send"), CASES, ids=[case[3].__name__.replace("_", " ") for case in CASES]
)
def test_each_accounts_answer_is_the_body_its_operation_declares(
    schema, api_client, auth_client, user, method, path, status, send
):
    response = send(api_client, auth_client, user)

    assert response.status_code == status, response.content
    assert_body_matches_schema(schema, response, method, path)


def test_every_accounts_operation_is_checked(schema):
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        if path.startswith("/users/") and not path.startswith(EVENTS_UNDER_USERS)
        for method in item
    }

    assert operations == {(method, path) for method, path, _, _ in CASES}
