"""What a key's use leaves behind: its id in the access log (never the key), and the user's
request count (the same throttle as the user's logins)."""

import json

import pytest

from eventsite.runtime.logging import redact
from tests.accounts.api_keys.conftest import key_client, make_key
from tests.eventsite.api.test_throttling import assert_throttled
from tests.eventsite.runtime.test_logging import access_lines, log_lines  # noqa: F401 (a fixture)
from tests.helpers import bearer_client, set_throttle_rates

pytestmark = pytest.mark.django_db


def test_the_access_line_carries_the_keys_id_and_never_the_key(user, event, log_lines):  # noqa: F811
    api_key, key = make_key(user, "events:read")
    client = key_client(key)

    assert client.get(f"/events/{event.pk}").status_code == 200
    assert client.delete(f"/events/{event.pk}").status_code == 403
    assert key_client(key + "x").get("/events").status_code == 401

    text = json.dumps(log_lines())
    assert key not in text and key.split("_", 2)[2] not in text
    assert "Api-Key esk" not in text
    lines = access_lines(log_lines())
    assert [(line["status"], line.get("apiKeyId"), line["userId"]) for line in lines] == [
        (200, str(api_key.pk), str(user.pk)),
        (403, str(api_key.pk), None),
        (401, None, None),
    ]


def test_a_logged_authorization_header_or_key_is_redacted(user):
    _, key = make_key(user)

    logged = redact(f"Authorization: Api-Key {key} and {key} alone")

    assert key not in logged
    assert key.split("_", 2)[2] not in logged


def test_key_requests_count_under_their_user_with_the_users_logins(settings, monkeypatch, user, other_user):
    set_throttle_rates(settings, monkeypatch, user="3/min")
    _, key = make_key(user, "events:read")

    assert bearer_client(user).get("/events").status_code == 200
    assert key_client(key).get("/events").status_code == 200
    assert key_client(make_key(user, "events:read")[1]).get("/events").status_code == 200
    assert_throttled(key_client(key).get("/events"))
    assert_throttled(bearer_client(user).get("/users/me"))
    assert key_client(make_key(other_user, "events:read")[1]).get("/events").status_code == 200
