"""Account recovery and password change, through the API and the mail outbox."""

import logging
import re
import socket

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import assert_error, assert_field_errors, login, refresh

# pytest-django's ``mailoutbox``: the locmem backend, ``mail.outbox`` emptied for each test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mailoutbox")]

NEW_PASSWORD = "fresh-Zebra-lantern-42"


def request_reset(client: APIClient, email):
    return client.post("/users/password/reset", {"email": email}, format="json")


def reset_from(client: APIClient, email: str, address: str):
    return client.post("/users/password/reset", {"email": email}, format="json", REMOTE_ADDR=address)


def confirm_reset(client: APIClient, user_id, token, password=NEW_PASSWORD):
    return client.post(
        "/users/password/reset/confirm",
        {"userId": user_id, "token": token, "password": password},
        format="json",
    )


def change_password(client: APIClient, current=DEFAULT_PASSWORD, new=NEW_PASSWORD):
    return client.post("/users/me/password", {"currentPassword": current, "newPassword": new}, format="json")


def with_bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def reset_link_from_outbox() -> tuple[str, str]:
    """The ``(userId, token)`` pair from the only email sent."""
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    return re.search(r"^userId: (\S+)$", body, re.M)[1], re.search(r"^token: (\S+)$", body, re.M)[1]


def test_reset_request_answers_202_with_the_same_body_whether_or_not_the_account_exists(api_client, user):
    known = request_reset(api_client, user.email)
    unknown = request_reset(api_client, "nobody@example.com")

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert set(known.json()) == {"message"}
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_reset_by_email_then_confirm_sets_the_new_password(api_client, user):
    assert request_reset(api_client, user.email.upper()).status_code == 202
    user_id, token = reset_link_from_outbox()
    assert user_id == str(user.pk)

    response = confirm_reset(api_client, user_id, token)

    assert response.status_code == 204
    assert response.content == b""
    assert login(api_client, user.email, NEW_PASSWORD).status_code == 200
    assert_error(login(api_client, user.email, DEFAULT_PASSWORD), 401)


def test_reset_token_works_only_once(api_client, user):
    request_reset(api_client, user.email)
    user_id, token = reset_link_from_outbox()
    assert confirm_reset(api_client, user_id, token).status_code == 204
    reused = confirm_reset(api_client, user_id, token, "another-Fine-password-7")

    errors = assert_field_errors(reused, "token")

    assert "invalid" in errors["token"][0]
    assert login(api_client, user.email, NEW_PASSWORD).status_code == 200


def test_reset_token_of_one_user_does_not_reset_another(api_client, user, other_user):
    request_reset(api_client, user.email)
    _, token = reset_link_from_outbox()

    assert_field_errors(confirm_reset(api_client, str(other_user.pk), token), "token")
    assert login(api_client, other_user.email, DEFAULT_PASSWORD).status_code == 200


@pytest.mark.parametrize(
    ("user_id", "token", "field"),
    [
        ("00000000-0000-4000-8000-000000000000", "abc-def", "token"),
        ("not-a-uuid", "abc-def", "userId"),
        (None, None, None),
    ],
)
def test_reset_confirm_with_a_bad_user_or_token_is_400(api_client, user_id, token, field):
    fields = (field,) if field else ("userId", "token")
    assert_field_errors(confirm_reset(api_client, user_id, token), *fields)


def test_reset_confirm_refuses_a_weak_password_and_the_token_stays_usable(api_client, user):
    request_reset(api_client, user.email)
    user_id, token = reset_link_from_outbox()

    errors = assert_field_errors(confirm_reset(api_client, user_id, token, "123"), "password")

    assert len(errors["password"]) >= 2
    assert confirm_reset(api_client, user_id, token).status_code == 204


def test_reset_is_not_offered_to_deactivated_accounts(api_client):
    user = UserFactory(is_active=False)

    assert request_reset(api_client, user.email).status_code == 202
    assert mail.outbox == []


def test_reset_request_is_202_even_when_the_mail_server_is_down(api_client, user, settings, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 2

    with caplog.at_level(logging.ERROR, logger="eventsite.tasks"):
        response = request_reset(api_client, user.email)

    assert response.status_code == 202
    assert response.json() == request_reset(api_client, "nobody@example.com").json()
    failures = [record for record in caplog.records if record.getMessage() == "task failed"]
    assert [record.task for record in failures] == ["accounts.tasks.send_password_reset"] * 3


def test_reset_request_without_an_email_is_400(api_client):
    assert_field_errors(request_reset(api_client, "not an email"), "email")


def test_reset_requests_past_the_limit_for_one_address_get_429_from_any_client(api_client, user):
    for number in range(3):
        response = reset_from(api_client, user.email.upper(), f"192.0.2.{number}")
        assert response.status_code == 202

    flooded = reset_from(api_client, user.email, "192.0.2.9")

    assert_error(flooded, 429, "throttled")
    assert int(flooded["Retry-After"]) > 3500
    assert len(mail.outbox) == 3
    assert request_reset(api_client, "someone-else@example.com").status_code == 202


def test_reset_limit_treats_unknown_addresses_as_known_ones(api_client, user):
    for email in (user.email, "nobody@example.com"):
        statuses = [request_reset(api_client, email).status_code for _ in range(4)]
        assert statuses == [202, 202, 202, 429]


def test_reset_revokes_every_refresh_and_access_token_of_the_user(api_client, user):
    session = login(api_client, user.email, DEFAULT_PASSWORD).json()
    request_reset(api_client, user.email)

    assert confirm_reset(api_client, *reset_link_from_outbox()).status_code == 204

    assert_error(with_bearer(session["token"]).get("/users/me"), 401, "token_not_valid")
    assert_error(refresh(api_client, session["refreshToken"]), 401, "token_not_valid")


def test_change_password_takes_the_current_one_and_sets_the_new_one(api_client, user):
    session = login(api_client, user.email, DEFAULT_PASSWORD).json()

    response = change_password(with_bearer(session["token"]))

    assert response.status_code == 204
    assert_error(login(api_client, user.email, DEFAULT_PASSWORD), 401)
    fresh = login(api_client, user.email, NEW_PASSWORD)
    assert fresh.status_code == 200
    # Issued right after the change, possibly within the same second: still valid.
    assert with_bearer(fresh.json()["token"]).get("/users/me").status_code == 200
    assert refresh(api_client, fresh.json()["refreshToken"]).status_code == 200


def test_change_password_makes_earlier_access_and_refresh_tokens_401(api_client, user):
    first = login(api_client, user.email, DEFAULT_PASSWORD).json()
    second = login(api_client, user.email, DEFAULT_PASSWORD).json()

    assert change_password(with_bearer(first["token"])).status_code == 204

    for session in (first, second):
        assert_error(with_bearer(session["token"]).get("/users/me"), 401, "token_not_valid")
        assert_error(refresh(api_client, session["refreshToken"]), 401, "token_not_valid")


def test_change_password_with_a_wrong_current_password_is_400_and_changes_nothing(auth_client, user):
    assert_field_errors(change_password(auth_client, current="not-my-password"), "currentPassword")

    assert auth_client.get("/users/me").status_code == 200
    assert login(APIClient(), user.email, DEFAULT_PASSWORD).status_code == 200


def test_change_password_refuses_a_weak_new_password(auth_client, user):
    errors = assert_field_errors(change_password(auth_client, new=user.email), "newPassword")

    assert any("similar" in message for message in errors["newPassword"])
    assert login(APIClient(), user.email, DEFAULT_PASSWORD).status_code == 200


def test_change_password_needs_a_bearer_token(api_client):
    assert_error(change_password(api_client), 401)


def test_change_password_does_not_affect_other_users_tokens(user, other_user):
    bystander = login(APIClient(), other_user.email, DEFAULT_PASSWORD).json()
    mine = login(APIClient(), user.email, DEFAULT_PASSWORD).json()

    change_password(with_bearer(mine["token"]))

    assert with_bearer(bystander["token"]).get("/users/me").status_code == 200
