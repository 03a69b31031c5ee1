"""/users/me/api-keys: making, listing, showing and revoking keys, with a login only."""

import pytest

from accounts.api_keys.models import ApiKey
from accounts.api_keys.services import MAX_ACTIVE_KEYS
from tests.accounts.api.self_service import assert_conforms
from tests.accounts.api_keys.conftest import KEYS_PATH, key_client, make_key
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import assert_error, assert_field_errors

pytestmark = pytest.mark.django_db

NEW_KEY = {"name": "Door scanner", "scopes": ["checkin:write", "events:read"]}


def test_create_shows_the_key_once_and_stores_only_its_hash(auth_client, user, openapi):
    response = auth_client.post(KEYS_PATH, {**NEW_KEY, "expiresAt": "2099-01-01T00:00:00Z"}, format="json")

    assert response.status_code == 201, response.content
    assert_conforms(openapi, response, "post", KEYS_PATH)
    body = response.json()
    assert body["message"] == "API key created successfully"
    created = body["apiKey"]
    assert created["key"].startswith(f"esk_{created['prefix']}_")
    assert created["name"] == "Door scanner"
    assert created["scopes"] == ["events:read", "checkin:write"]
    assert created["expiresAt"] == "2099-01-01T00:00:00.000Z"
    assert created["lastUsedAt"] is None and created["revokedAt"] is None
    stored = ApiKey.objects.get(pk=created["keyId"])
    assert stored.user == user
    # esk_<prefix>_<secret>: the prefix is hex, the secret may itself hold "_".
    secret = created["key"].split("_", 2)[2]
    assert secret not in stored.secret_hash and created["key"] not in str(vars(stored))


def test_the_list_and_one_key_never_show_the_key(auth_client, openapi):
    created = auth_client.post(KEYS_PATH, NEW_KEY, format="json").json()["apiKey"]

    list_response = auth_client.get(KEYS_PATH)
    one_response = auth_client.get(f"{KEYS_PATH}/{created['keyId']}")
    listed, shown = list_response.json(), one_response.json()

    assert listed["message"] == "API keys retrieved successfully"
    assert [key["keyId"] for key in listed["apiKeys"]] == [created["keyId"]]
    for key in [*listed["apiKeys"], shown["apiKey"]]:
        assert "key" not in key
        assert created["key"] not in str(key)
    assert_conforms(openapi, list_response, "get", KEYS_PATH)
    assert_conforms(openapi, one_response, "get", f"{KEYS_PATH}/{{keyId}}")
    assert shown["apiKey"] == {name: value for name, value in created.items() if name != "key"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scopes": ["events:read"]}, "name"),
        ({"name": " ", "scopes": ["events:read"]}, "name"),
        ({"name": "x" * 101, "scopes": ["events:read"]}, "name"),
        ({"name": "CRM"}, "scopes"),
        ({"name": "CRM", "scopes": []}, "scopes"),
        ({"name": "CRM", "scopes": "events:read"}, "scopes"),
        ({"name": "CRM", "scopes": ["events:admin"]}, "scopes"),
        ({"name": "CRM", "scopes": ["events:read"], "expiresAt": "2001-01-01T00:00:00Z"}, "expiresAt"),
        ({"name": "CRM", "scopes": ["events:read"], "expiresAt": "soon"}, "expiresAt"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(auth_client, body, field):
    assert_field_errors(auth_client.post(KEYS_PATH, body, format="json"), field)
    assert not ApiKey.objects.exists()


def test_revoking_keeps_the_key_listed_as_revoked_and_again_changes_nothing(auth_client, user):
    api_key, _ = make_key(user)

    assert auth_client.delete(f"{KEYS_PATH}/{api_key.pk}").status_code == 204
    revoked_at = auth_client.get(f"{KEYS_PATH}/{api_key.pk}").json()["apiKey"]["revokedAt"]
    assert auth_client.delete(f"{KEYS_PATH}/{api_key.pk}").status_code == 204

    assert revoked_at is not None
    assert auth_client.get(KEYS_PATH).json()["apiKeys"][0]["revokedAt"] == revoked_at


@pytest.mark.parametrize("method", ["get", "delete"])
def test_another_users_key_and_a_malformed_id_are_not_found(auth_client, other_user, method):
    theirs, _ = make_key(other_user)

    assert_error(getattr(auth_client, method)(f"{KEYS_PATH}/{theirs.pk}"), 404, "not_found")
    assert_error(getattr(auth_client, method)(f"{KEYS_PATH}/not-a-uuid"), 404, "not_found")
    assert ApiKey.objects.get(pk=theirs.pk).revoked_at is None


def test_a_user_holds_a_limited_number_of_active_keys(auth_client, user):
    for _ in range(MAX_ACTIVE_KEYS):
        make_key(user)

    assert_error(auth_client.post(KEYS_PATH, NEW_KEY, format="json"), 409, "api_key_limit")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", KEYS_PATH, None),
        ("post", KEYS_PATH, NEW_KEY),
        ("get", f"{KEYS_PATH}/{{key_id}}", None),
        ("delete", f"{KEYS_PATH}/{{key_id}}", None),
    ],
)
def test_a_key_cannot_make_see_or_revoke_keys(user, method, path, body):
    api_key, key = make_key(user)

    response = getattr(key_client(key), method)(path.format(key_id=api_key.pk), body, format="json")

    assert_error(response, 401, "api_key_not_accepted")
    assert ApiKey.objects.count() == 1
    assert ApiKey.objects.get().revoked_at is None


def test_keys_need_a_login(api_client):
    assert_error(api_client.get(KEYS_PATH), 401)
    assert_error(api_client.post(KEYS_PATH, NEW_KEY, format="json"), 401)


def test_deleting_the_account_deletes_its_keys(auth_client, user, other_user):
    make_key(user)
    theirs, _ = make_key(other_user)

    response = auth_client.delete("/users/me", {"password": DEFAULT_PASSWORD}, format="json")

    assert response.status_code == 204, response.content
    assert list(ApiKey.objects.values_list("pk", flat=True)) == [theirs.pk]
