"""Assertions on error answers, clients and requests, and authorization headers with bad tokens."""

import base64
import json
from datetime import timedelta

import jwt
from django.http import HttpResponse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.factories import DEFAULT_PASSWORD

# A client address from a documentation range (TEST-NET-2), for requests that need a fixed one.
CLIENT_ADDRESS = "198.51.100.7"
# A new account's email preferences as the profile shows them: all on but the organizer digest.
DEFAULT_PREFERENCES = {"rsvpUpdates": True, "eventChanges": True, "reminders": True, "organizerDigest": False}


def assert_error(response: HttpResponse, status: int, code: str | None = None) -> dict:
    """The response is a JSON error envelope with this status (and code); returns the body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"message", "code", "errors"}
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["code"], str) and body["code"]
    if code is not None:
        assert body["code"] == code
    return body


def assert_field_errors(response: HttpResponse, *fields: str) -> dict:
    """A 400 envelope naming exactly these fields."""
    body = assert_error(response, 400, "invalid")
    assert set(body["errors"]) == set(fields)
    assert all(body["errors"][field] for field in fields)
    return body["errors"]


# Clients and requests


def bearer_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def login(
    client: APIClient,
    email: str,
    password: str = DEFAULT_PASSWORD,
    *,
    path: str = "/users/login",
    address: str = CLIENT_ADDRESS,
) -> HttpResponse:
    return client.post(path, {"email": email, "password": password}, format="json", REMOTE_ADDR=address)


def refresh(client: APIClient, refresh_token: str) -> HttpResponse:
    return client.post("/users/token/refresh", {"refreshToken": refresh_token}, format="json")


def rsvp_path(event) -> str:
    return f"/events/{event.pk}/rsvp"


def titles(client: APIClient, path: str = "/events", **params) -> list[str]:
    """The titles of one list page, in order."""
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return [event["title"] for event in response.json()["events"]]


# Authorization headers with bad tokens


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _valid_claims(user) -> dict:
    return dict(AccessToken.for_user(user).payload)


def expired_token(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=timedelta(seconds=-1))
    return f"Bearer {token}"


def wrongly_signed_token(user) -> str:
    return "Bearer " + jwt.encode(
        _valid_claims(user), "a-different-signing-key-of-sufficient-length", algorithm="HS256"
    )


def unsigned_token(user) -> str:
    return "Bearer " + _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(_valid_claims(user)) + "."


def refresh_as_access(user) -> str:
    return f"Bearer {RefreshToken.for_user(user)}"
