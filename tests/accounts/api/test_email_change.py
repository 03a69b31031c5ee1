"""Changing one's address: confirmed by the password, then from the new address; the old one is told."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.api.email_links import change_email, emailed_token, messages_to, verify
from tests.factories import UserFactory
from tests.helpers import assert_error, assert_field_errors, bearer_client, login

pytestmark = [pytest.mark.django_db]

NEW = "moved@example.com"
ACCEPTED = {"message": "If the address can be used, a confirmation email is on its way to it."}


def test_a_change_mails_a_token_to_the_new_address_and_keeps_the_old_one_meanwhile(user, mailoutbox):
    client = bearer_client(user)
    old = user.email

    response = change_email(client, NEW)

    assert response.status_code == 202, response.content
    assert response.json() == ACCEPTED
    assert [message.to for message in mailoutbox] == [[NEW]]
    assert mailoutbox[0].subject == "Confirm your new eventsite email address"
    profile = client.get("/users/me").json()["user"]
    assert (profile["email"], profile["pendingEmail"]) == (old, NEW)


def test_confirming_the_token_switches_the_address_and_tells_the_old_one(user, mailoutbox):
    old = user.email
    change_email(bearer_client(user), NEW)

    response = verify(APIClient(), emailed_token(mailoutbox[0]))

    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert (user.email, user.pending_email) == (NEW, "")
    assert user.email_verified_at is not None
    notice = messages_to(mailoutbox, old)
    assert len(notice) == 1 and NEW in notice[0].body
    assert login(APIClient(), NEW).status_code == 200
    assert login(APIClient(), old).status_code == 401


def test_a_change_token_works_once(user, mailoutbox):
    change_email(bearer_client(user), NEW)
    link = emailed_token(mailoutbox[0])
    verify(APIClient(), link)

    assert_error(verify(APIClient(), link), 400, "verification_token_invalid")


def test_a_later_change_request_ends_the_earlier_token(user, mailoutbox):
    client = bearer_client(user)
    change_email(client, NEW)
    change_email(client, "other@example.com")

    assert_error(verify(APIClient(), emailed_token(mailoutbox[0])), 400, "verification_token_invalid")
    assert verify(APIClient(), emailed_token(mailoutbox[1])).status_code == 200
    assert User.objects.get(pk=user.pk).email == "other@example.com"


def test_a_wrong_password_changes_nothing(user, mailoutbox):
    response = change_email(bearer_client(user), NEW, password="not-the-password")

    assert assert_field_errors(response, "password") == {"password": ["The password is incorrect."]}
    assert mailoutbox == []
    assert User.objects.get(pk=user.pk).pending_email == ""


def test_a_taken_address_gets_the_same_answer_and_no_mail(user, other_user, mailoutbox):
    response = change_email(bearer_client(user), other_user.email.upper())

    assert response.status_code == 202
    assert response.json() == ACCEPTED
    assert mailoutbox == []


def test_an_address_taken_before_the_confirmation_is_refused(user, mailoutbox):
    change_email(bearer_client(user), NEW)
    UserFactory(email=NEW)

    assert_error(verify(APIClient(), emailed_token(mailoutbox[0])), 409)
    assert User.objects.get(pk=user.pk).email != NEW


def test_the_present_address_is_refused(user, mailoutbox):
    assert_field_errors(change_email(bearer_client(user), user.email.upper()), "email")
    assert mailoutbox == []


def test_an_invalid_address_names_the_field(user):
    assert_field_errors(change_email(bearer_client(user), "not-an-address"), "email")


def test_a_change_needs_a_login(api_client):
    assert_error(change_email(api_client, NEW), 401)


def test_patching_the_profile_still_ignores_the_email(user, mailoutbox):
    response = bearer_client(user).patch("/users/me", {"name": "Same", "email": NEW}, format="json")

    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).email == user.email
    assert mailoutbox == []


def test_asking_for_a_new_address_leaves_the_present_one_verifiable(api_client, mailoutbox):
    api_client.post(
        "/users/register", {"name": "New", "email": "new@example.com", "password": "a-New-password-42"}
    )
    user = User.objects.get(email="new@example.com")
    change_email(bearer_client(user), NEW, password="a-New-password-42")

    assert verify(APIClient(), emailed_token(mailoutbox[0])).status_code == 200
    assert verify(APIClient(), emailed_token(mailoutbox[1])).status_code == 200
    assert User.objects.get(pk=user.pk).email == NEW
