"""The key routes in the browsable API: a logged-in browser lists keys and makes one with the form."""

import pytest

from accounts.api_keys.models import ApiKey
from tests.accounts.api_keys.conftest import KEYS_PATH, make_key
from tests.eventsite.api.test_browsable_api import HTML, session_client  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_key_list_renders_with_a_form_for_a_new_key(session_client, user):  # noqa: F811
    api_key, _ = make_key(user)

    response = session_client.get(KEYS_PATH, **HTML)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert api_key.prefix in content
    assert api_key.secret_hash not in content
    assert 'name="scopes"' in content and "checkin:write" in content


def test_one_key_renders(session_client, user):  # noqa: F811
    api_key, _ = make_key(user)

    response = session_client.get(f"{KEYS_PATH}/{api_key.pk}", **HTML)

    assert response.status_code == 200
    assert api_key.prefix.encode() in response.content


def test_the_form_makes_a_key_with_the_scopes_chosen(user, client):
    client.force_login(user)
    client.get(KEYS_PATH, **HTML)  # the CSRF cookie
    form = {
        "name": "From the browser",
        "scopes": ["events:read", "rsvps:write"],
        "expiresAt": "",
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }

    response = client.post(KEYS_PATH, form, **HTML)

    assert response.status_code == 201, response.content
    stored = ApiKey.objects.get(user=user)
    assert stored.name == "From the browser"
    assert stored.scopes == ["events:read", "rsvps:write"]
    assert stored.expires_at is None
    assert b"esk_" in response.content
