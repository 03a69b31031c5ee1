"""One mailbox, one account: every spelling of an address (NFC, NFD, punycode, fullwidth, letter
case) is the same ``email_key``, for register, login, reset, the admin and createsuperuser; the
import, the collision report and migration 0005 are in ``test_email_key_existing_data.py``."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.accounts.email_spellings import NFC, NFD, PUNYCODE, SPELLINGS, leftover_duplicate
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import assert_error, assert_field_errors, login

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/user/"


def register(client, email: str, name: str = "José"):
    return client.post(
        "/users/register", {"name": name, "email": email, "password": DEFAULT_PASSWORD}, format="json"
    )


# Register


def test_one_mailbox_registers_once_in_nfd_nfc_or_punycode_and_keeps_the_email_as_given(api_client):
    first = register(api_client, "  Jose@Mu\u0308nchen.Example.COM ")  # NFD: u + combining diaeresis
    others = [register(api_client, email) for email in (NFC, PUNYCODE)]

    assert first.status_code == 200
    assert first.json()["user"]["email"] == NFD
    for response in others:
        assert_error(response, 409)
    assert User.objects.count() == 1


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_every_other_spelling_of_a_registered_address_is_taken(api_client, spelling):
    assert register(api_client, NFC).status_code == 200

    assert_error(register(api_client, SPELLINGS[spelling]), 409)


def test_sharp_s_and_ss_are_different_mailboxes(api_client):
    assert register(api_client, "anna@fuß.example").status_code == 200
    assert register(api_client, "anna@fuss.example").status_code == 200
    assert_error(register(api_client, "anna@xn--fu-hia.example"), 409)

    assert User.objects.count() == 2


@pytest.mark.parametrize("email", ["ann@xn--zz.example", "ann@xn--abc.example", "ann@shop.xn--99999999999"])
def test_a_domain_that_is_not_valid_punycode_is_a_400_naming_email(api_client, email):
    assert_field_errors(register(api_client, email), "email")
    assert not User.objects.exists()


# Login and password reset


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_login_works_with_any_spelling_of_the_email(api_client, spelling):
    user = UserFactory(email=NFC)

    response = login(api_client, SPELLINGS[spelling])

    assert response.status_code == 200
    assert response.json()["user"]["userId"] == str(user.pk)


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_password_reset_with_any_spelling_mails_the_account_at_its_stored_address(
    api_client, mailoutbox, spelling
):
    user = UserFactory(email=NFC)

    response = api_client.post("/users/password/reset", {"email": SPELLINGS[spelling]}, format="json")

    assert response.status_code == 202
    (message,) = mailoutbox
    assert message.to == [NFC]
    assert str(user.pk) in message.body


@pytest.mark.parametrize("path", ["/api-auth/login/", "/admin/login/"])
def test_the_login_forms_take_any_spelling_of_the_email_too(client, path):
    user = UserFactory(email=NFC, is_staff=True)

    response = client.post(path, {"username": PUNYCODE, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.wsgi_request.session["_auth_user_id"] == str(user.pk)


def test_a_changed_email_is_looked_up_under_its_new_key(api_client):
    user = UserFactory(email="old@example.com")
    user.email = NFC
    user.save()

    assert login(api_client, PUNYCODE).json()["user"]["userId"] == str(user.pk)
    assert_error(login(api_client, "old@example.com"), 401)


# Admin and createsuperuser


def add_user_in_admin(client, email: str):
    return client.post(
        f"{CHANGELIST}add/",
        {
            "email": email,
            "name": "Someone",
            "usable_password": "true",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )


def change_user_in_admin(client, user: User, **changes):
    form = {
        "email": user.email,
        "name": user.name,
        "is_active": "on" if user.is_active else "",
        "last_login_0": "",
        "last_login_1": "",
    }
    return client.post(f"{CHANGELIST}{user.pk}/change/", {**form, **changes})


def test_admin_refuses_to_add_another_spelling_of_a_taken_email(admin_site_client):
    UserFactory(email=NFC)

    response = add_user_in_admin(admin_site_client, PUNYCODE)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["email"] == ["User with this Email address already exists."]
    assert User.objects.filter(name="Someone").count() == 0


def test_admin_refuses_an_undecodable_domain(admin_site_client):
    response = add_user_in_admin(admin_site_client, "ann@xn--zz.example")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == ["Enter a valid email address."]


def test_admin_refuses_to_change_an_email_to_another_spelling_of_a_taken_one(admin_site_client):
    UserFactory(email=NFC)
    other = UserFactory(email="other@example.com")

    response = change_user_in_admin(admin_site_client, other, email=PUNYCODE)

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    other.refresh_from_db()
    assert other.email == "other@example.com"


def test_admin_can_still_edit_an_account_left_without_a_key_and_fix_its_email(admin_site_client, api_client):
    UserFactory(email=NFC)
    duplicate = leftover_duplicate(NFD)

    deactivated = change_user_in_admin(admin_site_client, duplicate, is_active="")
    duplicate.refresh_from_db()
    fixed = change_user_in_admin(admin_site_client, duplicate, email="jose.second@example.com")

    assert deactivated.status_code == 302 and fixed.status_code == 302
    duplicate.refresh_from_db()
    assert not duplicate.is_active
    assert duplicate.email_key == "jose.second@example.com"


def test_createsuperuser_refuses_another_spelling_of_a_taken_email(monkeypatch):
    UserFactory(email=NFC)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", DEFAULT_PASSWORD)

    with pytest.raises(CommandError, match="already taken"):
        call_command("createsuperuser", "--noinput", email=PUNYCODE, name="Root", stdout=io.StringIO())

    assert User.objects.count() == 1
