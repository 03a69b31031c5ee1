"""Email verification: the token registration mails, confirming it, asking for another."""

import time
from types import SimpleNamespace

import pytest
from django.core import signing
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.api.email_links import emailed_token, verify
from tests.factories import UserFactory
from tests.helpers import assert_error, assert_field_errors, bearer_client

pytestmark = [pytest.mark.django_db]

PASSWORD = "a-New-password-42"


def register(client: APIClient, email="new@example.com"):
    response = client.post(
        "/users/register", {"name": "New", "email": email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def resend(client: APIClient):
    return client.post("/users/email/verify/resend")


def test_registering_mails_a_verification_token_to_the_new_address(api_client, mailoutbox):
    body = register(api_client)

    assert body["user"]["emailVerified"] is False
    assert [message.to for message in mailoutbox] == [["new@example.com"]]
    assert mailoutbox[0].subject == "Verify your eventsite email address"
    assert emailed_token(mailoutbox[0])["userId"] == body["user"]["userId"]
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers


def test_the_emailed_token_verifies_the_address(api_client, mailoutbox):
    register(api_client)

    response = verify(api_client, emailed_token(mailoutbox[0]))

    assert response.status_code == 200, response.content
    assert response.json() == {"message": "Email address verified."}
    user = User.objects.get(email="new@example.com")
    assert user.email_verified_at is not None
    assert bearer_client(user).get("/users/me").json()["user"]["emailVerified"] is True


def test_a_token_works_once(api_client, mailoutbox):
    register(api_client)
    link = emailed_token(mailoutbox[0])
    verify(api_client, link)

    assert_error(verify(api_client, link), 400, "verification_token_invalid")


def test_an_unknown_user_and_a_wrong_token_get_the_same_answer(api_client, mailoutbox, user):
    register(api_client)
    link = emailed_token(mailoutbox[0])

    unknown_user = verify(api_client, {**link, "userId": "00000000-0000-4000-8000-000000000000"})
    another_user = verify(api_client, {**link, "userId": str(user.pk)})
    forged = verify(api_client, {**link, "token": link["token"][:-2] + "xx"})

    body = assert_error(unknown_user, 400, "verification_token_invalid")
    assert another_user.json() == body == forged.json()
    assert body["errors"] == {"token": ["The verification token is invalid or was already used."]}


def test_an_expired_token_is_refused_with_its_own_code(api_client, mailoutbox, settings, monkeypatch):
    register(api_client)
    later = time.time() + settings.EMAIL_VERIFICATION_TIMEOUT + 1
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))

    assert_error(verify(api_client, emailed_token(mailoutbox[0])), 400, "verification_token_expired")
    assert User.objects.get(email="new@example.com").email_verified_at is None


def test_a_token_dies_when_the_address_changes(api_client, mailoutbox):
    register(api_client)
    user = User.objects.get(email="new@example.com")
    user.email = "renamed@example.com"
    user.save()

    assert_error(verify(api_client, emailed_token(mailoutbox[0])), 400, "verification_token_invalid")


def test_a_verify_body_without_a_token_names_the_field(api_client):
    assert_field_errors(verify(api_client, {"userId": "not-a-uuid"}), "userId", "token")


def test_verifying_clears_an_undeliverable_mark(mailoutbox):
    user = UserFactory(email_undeliverable_at=timezone.now())
    client = bearer_client(user)

    assert resend(client).status_code == 202
    verify(APIClient(), emailed_token(mailoutbox[-1]))

    user.refresh_from_db()
    assert user.email_undeliverable_at is None and user.email_verified_at is not None
    assert client.get("/users/me").json()["user"]["emailVerified"] is True


def test_a_bounce_after_verifying_makes_the_address_unverified_again(user):
    User.objects.filter(pk=user.pk).update(
        email_verified_at=timezone.now(), email_undeliverable_at=timezone.now()
    )

    assert bearer_client(user).get("/users/me").json()["user"]["emailVerified"] is False


def test_resend_mails_a_new_token_that_works(user, mailoutbox):
    response = resend(bearer_client(user))

    assert response.status_code == 202
    assert response.json() == {"message": "A verification email is on its way."}
    assert [message.to for message in mailoutbox] == [[user.email]]
    assert verify(APIClient(), emailed_token(mailoutbox[0])).status_code == 200


def test_resend_needs_a_login(api_client, mailoutbox):
    assert_error(resend(api_client), 401)
    assert mailoutbox == []


def test_resend_past_the_limit_gets_429_and_sends_nothing_more(user, mailoutbox, settings):
    settings.EMAIL_VERIFICATION_LOCKOUT = {**settings.EMAIL_VERIFICATION_LOCKOUT, "USER_ATTEMPTS": 2}
    client = bearer_client(user)

    statuses = [resend(client).status_code for _ in range(2)]
    flooded = resend(client)

    assert statuses == [202, 202]
    assert_error(flooded, 429, "throttled")
    assert int(flooded["Retry-After"]) > 0
    assert len(mailoutbox) == 2


def test_registering_only_enqueues_the_mail_with_the_user_id(api_client, task_messages, mailoutbox):
    body = register(api_client)

    assert [(m["task"], m["args"]) for m in task_messages] == [
        ("accounts.tasks.send_verification_email", {"user_id": body["user"]["userId"]})
    ]
    assert mailoutbox == []


def test_account_mail_goes_whatever_the_preferences(mailoutbox):
    user = UserFactory(
        email_rsvp_updates=False,
        email_event_changes=False,
        email_reminders=False,
        email_organizer_digest=False,
    )

    resend(bearer_client(user))

    assert [message.to for message in mailoutbox] == [[user.email]]
