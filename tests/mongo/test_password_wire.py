"""Password change and reset over the wire: one update of hash and token cutoff, then old tokens die."""

import re
import uuid
from datetime import datetime

from django.core import mail
from django.test import override_settings

from accounts.hashers import BCryptSHA256PasswordHasher
from tests.mongo.documents import PASSWORD, USERS, client_for, refresh_token_for, stored_user

NEW_PASSWORD = "another-Secret-77"


def password_update(wire, user: dict) -> dict:
    """The one update a password write sends: by the user's key, setting exactly hash and cutoff."""
    (update,) = wire.sent("update", USERS)
    (statement,) = update.doc["updates"]
    assert statement["q"] == {"id": user["id"]}
    changes = {name: value["$literal"] for name, value in statement["u"][0]["$set"].items()}
    assert set(changes) == {"password", "tokens_valid_after"}
    assert changes["password"].startswith(f"{BCryptSHA256PasswordHasher.algorithm}$$2b$")
    assert NEW_PASSWORD not in str(update.doc)
    assert isinstance(changes["tokens_valid_after"], datetime)
    assert changes["tokens_valid_after"].microsecond % 1000 == 0
    return changes


def change_password(user: dict):
    return client_for(user).post(
        "/users/me/password", {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}, format="json"
    )


def request_reset(wire, api_client, user: dict, *, email: str) -> dict:
    """Ask for a reset email; the confirm request built from its token (the user is read twice).

    The request only enqueues the address; its task, run here at once, looks the user up and mails.
    """
    wire.answer(USERS, [user], [user])
    with override_settings(TASKS_BACKEND="sync"):
        api_client.post("/users/password/reset", {"email": email}, format="json")
    (message,) = mail.outbox
    token = re.search(r"^token: (\S+)$", message.body, re.MULTILINE).group(1)
    return {"userId": str(uuid.UUID(user["id"])), "token": token, "password": NEW_PASSWORD}


def serve_changed_user(wire, user: dict) -> None:
    """Start afresh, serving the user's document as the password write left it (to two reads)."""
    changed = {**user, **password_update(wire, user)}
    wire.reset()
    wire.answer(USERS, [changed], [changed])


def test_password_change_updates_hash_and_token_cutoff_in_one_write(wire):
    user = stored_user()
    wire.answer(USERS, [user])

    response = change_password(user)

    assert response.status_code == 204, response.content
    password_update(wire, user)
    assert [command.name for command in wire.writes()] == ["update"]


def test_tokens_from_before_the_change_are_refused_without_a_write(wire, api_client):
    user = stored_user()
    old_refresh = refresh_token_for(user)
    wire.answer(USERS, [user])
    change_password(user)
    serve_changed_user(wire, user)

    refreshed = api_client.post("/users/token/refresh", {"refreshToken": str(old_refresh)}, format="json")
    me = client_for(user).get("/users/me")

    assert (refreshed.status_code, me.status_code) == (401, 401)
    assert refreshed.json()["code"] == me.json()["code"] == "token_not_valid"
    assert len(wire.sent("aggregate", USERS)) == 2
    assert wire.writes() == []


def test_reset_confirm_looks_up_the_active_user_and_sets_hash_and_cutoff(wire, api_client):
    user = stored_user()
    confirm = request_reset(wire, api_client, user, email="ADA@example.com")

    response = api_client.post("/users/password/reset/confirm", confirm, format="json")

    assert response.status_code == 204, response.content
    request_lookup, confirm_lookup = wire.sent("aggregate", USERS)
    assert request_lookup.doc["pipeline"][0]["$match"] == {
        "$and": [{"email_key": "ada@example.com"}, {"is_active": True}]
    }
    assert confirm_lookup.doc["pipeline"][0]["$match"] == {"$and": [{"is_active": True}, {"id": user["id"]}]}
    password_update(wire, user)


def test_reset_token_dies_with_the_old_hash(wire, api_client):
    user = stored_user()
    confirm = request_reset(wire, api_client, user, email=user["email"])
    api_client.post("/users/password/reset/confirm", confirm, format="json")
    serve_changed_user(wire, user)

    response = api_client.post("/users/password/reset/confirm", confirm, format="json")

    assert response.status_code == 400
    assert "token" in response.json()["errors"]
    assert wire.writes() == []
