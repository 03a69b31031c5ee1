"""Accounts over the wire: what the API sends to MongoDB for each endpoint."""

import uuid

from accounts.hashers import BCryptSHA256PasswordHasher
from tests.helpers import DEFAULT_PREFERENCES
from tests.mongo.documents import PASSWORD, client_for, refresh_token_for, stored_user

USERS = "accounts_user"
REVOKED = "accounts_revokedtoken"


def matches_on(command) -> dict:
    return command.doc["pipeline"][0]["$match"]


def test_register_inserts_the_normalised_email_and_a_bcrypt_hash(wire, api_client):
    response = api_client.post(
        "/users/register",
        {"name": "Ada", "email": "  Ada.Lovelace@Example.COM ", "password": PASSWORD},
        format="json",
    )

    assert response.status_code == 200, response.content
    (lookup,) = wire.sent("aggregate", USERS)
    assert matches_on(lookup) == {"email_key": "ada.lovelace@example.com"}
    (insert,) = wire.sent("insert", USERS)
    (document,) = insert.doc["documents"]
    assert document["email"] == document["email_key"] == "ada.lovelace@example.com"
    assert document["id"] == uuid.UUID(response.json()["user"]["userId"]).hex
    assert document["password"].startswith(f"{BCryptSHA256PasswordHasher.algorithm}$$2b$")
    assert PASSWORD not in str(insert.doc)


def test_duplicate_key_on_register_answers_409(wire, api_client):
    wire.fail_next("insert", USERS, code=11000, errmsg="E11000 duplicate key error index: email_1")

    response = api_client.post(
        "/users/register", {"name": "Ada", "email": "ada@example.com", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_login_looks_the_user_up_by_exact_normalised_email(wire, api_client):
    user = stored_user(email="grace@example.com")
    wire.answer(USERS, [user])

    response = api_client.post(
        "/users/login", {"email": "GRACE@example.com", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["user"]["userId"] == str(uuid.UUID(user["id"]))
    assert matches_on(wire.sent("aggregate", USERS)[0]) == {"email_key": "grace@example.com"}


def test_me_reads_the_token_user_by_key(wire):
    user = stored_user()
    wire.answer(USERS, [user])

    response = client_for(user).get("/users/me")

    assert response.status_code == 200, response.content
    assert response.json()["user"] == {
        "userId": str(uuid.UUID(user["id"])),
        "name": "Ada",
        "email": "ada@example.com",
        "emailVerified": False,
        "createdAt": "2025-01-02T03:04:05.678Z",
        "pendingEmail": None,
        "preferences": DEFAULT_PREFERENCES,
    }
    (lookup,) = wire.sent("aggregate", USERS)
    assert matches_on(lookup) == {"id": user["id"]}
    assert wire.writes() == []


def test_refresh_checks_the_revocation_list_and_revokes_the_presented_token(wire, api_client):
    user = stored_user()
    token = refresh_token_for(user)
    wire.answer(USERS, [user])

    response = api_client.post("/users/token/refresh", {"refreshToken": str(token)}, format="json")

    assert response.status_code == 200, response.content
    (lookup,) = wire.sent("aggregate", REVOKED)
    assert matches_on(lookup) == {"jti": token["jti"]}
    (insert,) = wire.sent("insert", REVOKED)
    (document,) = insert.doc["documents"]
    assert document["jti"] == token["jti"]
    assert document["user_id"] == user["id"]


def test_a_reused_refresh_token_ends_every_session_in_one_write_to_the_user(wire, api_client):
    user = stored_user()
    token = refresh_token_for(user)
    wire.answer(USERS, [user])
    wire.answer(REVOKED, [{"a": 1}])

    response = api_client.post("/users/token/refresh", {"refreshToken": str(token)}, format="json")

    assert response.status_code == 401
    (write,) = wire.writes()
    (statement,) = write.doc["updates"]
    assert (write.collection, statement["q"]) == (USERS, {"id": user["id"]})
    assert set(statement["u"][0]["$set"]) == {"tokens_valid_after"}
