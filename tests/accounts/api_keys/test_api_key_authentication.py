"""``Authorization: Api-Key …``: a key acts as its user within its scopes, until revoked or expired."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.api_keys.models import ApiKey
from accounts.api_keys.services import LAST_USED_RESOLUTION
from tests.accounts.api_keys.conftest import key_client, make_key
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_a_key_in_scope_reads_events_as_its_user(user, event):
    _, key = make_key(user, "events:read")

    response = key_client(key).get(f"/events/{event.pk}")

    assert response.status_code == 200, response.content
    assert response.json()["event"]["eventId"] == str(event.pk)


def test_a_key_acts_as_its_user_when_it_writes(user):
    _, key = make_key(user, "events:write")

    response = key_client(key).post(
        "/events", {"title": "Made by a key", "date": "2031-01-01T10:00:00Z"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["event"]["createdBy"] == str(user.pk)


def test_a_key_out_of_scope_is_refused_naming_the_scope(user, event):
    _, key = make_key(user, "events:read")

    body = assert_error(key_client(key).delete(f"/events/{event.pk}"), 403, "scope_missing")

    assert "events:write" in body["message"]
    assert event.__class__.objects.filter(pk=event.pk).exists()


def test_a_revoked_key_answers_401(user, event, auth_client):
    api_key, key = make_key(user)
    assert auth_client.delete(f"/users/me/api-keys/{api_key.pk}").status_code == 204

    response = key_client(key).get(f"/events/{event.pk}")

    assert_error(response, 401, "api_key_revoked")
    assert response["WWW-Authenticate"]


def test_an_expired_key_answers_401(user, event):
    api_key, key = make_key(user, expires_in=timedelta(hours=1))
    ApiKey.objects.filter(pk=api_key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert_error(key_client(key).get(f"/events/{event.pk}"), 401, "api_key_expired")


def test_a_tampered_secret_with_a_valid_prefix_answers_401(user, event):
    _, key = make_key(user)
    last = "A" if key[-1] != "A" else "B"

    assert_error(key_client(key[:-1] + last).get(f"/events/{event.pk}"), 401, "api_key_invalid")


@pytest.mark.parametrize(
    "header",
    ["Api-Key", "Api-Key esk_1234", "Api-Key esk_zzzzzzzz_" + "a" * 43, "Api-Key a b", "Api-Key \u00e9"],
)
def test_a_malformed_key_answers_401_not_500(api_client, event, header):
    response = api_client.get(f"/events/{event.pk}", HTTP_AUTHORIZATION=header.encode().decode("latin-1"))

    assert_error(response, 401, "api_key_invalid")


def test_the_key_of_a_deactivated_user_answers_401(user, event):
    _, key = make_key(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert_error(key_client(key).get(f"/events/{event.pk}"), 401, "api_key_invalid")


def test_any_key_reads_the_profile_of_its_user(user):
    _, key = make_key(user, "rsvps:write")

    response = key_client(key).get("/users/me")

    assert response.status_code == 200, response.content
    assert response.json()["user"]["userId"] == str(user.pk)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "/users/me", {"name": "Changed by a key"}),
        ("delete", "/users/me", {"password": "whatever"}),
        ("post", "/users/me/password", {"currentPassword": "a", "newPassword": "b"}),
        ("post", "/users/me/email", {"email": "new@example.com"}),
        ("get", "/users/me/export", None),
        ("post", "/users/me/logout-all", None),
        ("post", "/users/logout", {"refreshToken": "x"}),
        ("get", "/users/me/calendar-key", None),
        ("post", "/users/email/verify/resend", None),
    ],
)
def test_a_key_with_every_scope_does_nothing_account_level(user, method, path, body):
    _, key = make_key(user)

    response = getattr(key_client(key), method)(path, body, format="json")

    assert_error(response, 401, "api_key_not_accepted")
    user.refresh_from_db()
    assert user.tokens_valid_after is None and user.is_active and user.name != "Changed by a key"


def test_last_used_is_written_at_most_once_a_minute(user, event):
    api_key, key = make_key(user, "events:read")
    client = key_client(key)

    assert client.get(f"/events/{event.pk}").status_code == 200
    first = ApiKey.objects.get(pk=api_key.pk).last_used_at
    assert client.get(f"/events/{event.pk}").status_code == 200
    second = ApiKey.objects.get(pk=api_key.pk).last_used_at
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=first - LAST_USED_RESOLUTION)
    assert client.get(f"/events/{event.pk}").status_code == 200
    third = ApiKey.objects.get(pk=api_key.pk).last_used_at

    assert first is not None and second == first
    assert third > first


def test_a_bearer_token_still_works_beside_keys(auth_client, event):
    assert auth_client.get(f"/events/{event.pk}").status_code == 200
