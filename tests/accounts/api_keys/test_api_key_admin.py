"""API keys in the admin: listed and shown without their hash, revoked by an action, never added."""

import pytest

from accounts.api_keys.models import ApiKey
from tests.accounts.api_keys.conftest import key_client, make_key
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/apikey/"


@pytest.mark.parametrize("query", ["", "?q=CRM", "?q=user", "?revoked_at__isnull=True"])
def test_the_key_list_renders_without_hashes(admin_site_client, user, query):
    api_key, key = make_key(user, "events:read")

    response = admin_site_client.get(CHANGELIST + query)

    assert response.status_code == 200
    assert api_key.secret_hash.encode() not in response.content
    assert key.encode() not in response.content


def test_the_list_shows_name_user_prefix_and_scopes(admin_site_client, user):
    api_key, _ = make_key(user, "events:read")

    content = admin_site_client.get(CHANGELIST).content.decode()

    assert "CRM sync" in content and user.email in content and api_key.prefix in content
    assert "events:read" in content


def test_a_key_page_renders_without_its_hash(admin_site_client, user):
    api_key, _ = make_key(user)

    response = admin_site_client.get(f"{CHANGELIST}{api_key.pk}/change/")

    assert response.status_code == 200
    assert api_key.prefix.encode() in response.content
    assert api_key.secret_hash.encode() not in response.content


def test_keys_cannot_be_added_in_the_admin(admin_site_client):
    assert admin_site_client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_revoke_action_revokes_the_selected_keys(admin_site_client, user, event):
    api_key, key = make_key(user)
    kept, kept_key = make_key(user)

    response = admin_site_client.post(
        CHANGELIST, {"action": "revoke", "_selected_action": [str(api_key.pk)]}, follow=True
    )

    assert response.status_code == 200
    assert b"Revoked 1 API key" in response.content
    assert ApiKey.objects.get(pk=api_key.pk).revoked_at is not None
    assert ApiKey.objects.get(pk=kept.pk).revoked_at is None
    assert_error(key_client(key).get(f"/events/{event.pk}"), 401, "api_key_revoked")
    assert key_client(kept_key).get(f"/events/{event.pk}").status_code == 200
