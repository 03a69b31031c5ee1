"""A password set outside the API (the admin, ``set_password`` + ``save``, ``changepassword``)
makes every token issued before it stale, as the API's own password change does."""

import io

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import login, refresh

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "brand-New-Password-42"


@pytest.fixture
def tokens(api_client, user) -> dict:
    """An access and a refresh token of ``user``, issued by logging in."""
    return login(api_client, user.email).json()


def assert_stale(api_client, tokens: dict) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['token']}")
    assert api_client.get("/users/me").status_code == 401
    api_client.credentials()
    assert refresh(api_client, tokens["refreshToken"]).status_code == 401


def test_password_set_in_the_admin_makes_every_token_stale(api_client, admin_site_client, user, tokens):
    response = admin_site_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302, response.content
    assert_stale(api_client, tokens)
    assert login(api_client, user.email, NEW_PASSWORD).status_code == 200


@pytest.mark.parametrize("update_fields", [None, ["password"]], ids=["whole-row", "update-fields"])
def test_set_password_and_save_make_every_token_stale(api_client, user, tokens, update_fields):
    user = User.objects.get(pk=user.pk)
    user.set_password(NEW_PASSWORD)
    user.save(update_fields=update_fields)

    assert_stale(api_client, tokens)


def test_changepassword_command_makes_every_token_stale(api_client, user, tokens, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)

    call_command("changepassword", user.email, stdout=io.StringIO())

    assert_stale(api_client, tokens)


def test_a_profile_save_keeps_the_tokens(api_client, user, tokens):
    user = User.objects.get(pk=user.pk)
    user.name = "Renamed"
    user.save()

    assert refresh(api_client, tokens["refreshToken"]).status_code == 200


def test_a_login_that_upgrades_the_password_hash_keeps_earlier_and_new_tokens(api_client, user, tokens):
    User.objects.filter(pk=user.pk).update(password=make_password(DEFAULT_PASSWORD, hasher="pbkdf2_sha256"))

    upgraded = login(api_client, user.email).json()

    assert User.objects.get(pk=user.pk).password.startswith("bcrypt_sha256$")
    for issued in (tokens, upgraded):
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued['token']}")
        assert api_client.get("/users/me").status_code == 200
