"""OWASP API2 and API3 on accounts: every login path locked, tokens that die with the password
and with reuse, account self-service, one mailbox per account, attendee emails.
"""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from events.models import Event
from tests.factories import DEFAULT_PASSWORD, EventFactory, UserFactory
from tests.helpers import assert_error, bearer_client, run_race, shared_database_url

pytestmark = pytest.mark.django_db


# Security issue: every login path locked, tokens that die with the password and with reuse


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _lock_by_api(client: APIClient, email: str) -> None:
    for _ in range(5):
        client.post("/users/login", {"email": email, "password": "wrong-Password-1"}, format="json")


@pytest.mark.parametrize("path", ["/api-auth/login/", "/admin/login/"])
def test_api2_login_forms_give_no_session_while_the_api_login_is_locked(client, api_client, staff_user, path):
    _lock_by_api(api_client, staff_user.email)

    client.post(path, {"username": staff_user.email, "password": DEFAULT_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert client.get("/users/me", HTTP_ACCEPT="application/json").status_code in (401, 403)


def test_api2_a_concurrent_burst_of_guesses_is_checked_no_more_often_than_the_limit(tmp_path, mongo_server):
    database_url = shared_database_url(mongo_server)
    account = "--create" if database_url is None else UserFactory().email

    result = run_race("tests.accounts.api.login_race", tmp_path, 19, account, database_url=database_url)

    *guesses, _right = result["statuses"]
    assert guesses.count(401) <= 5, result


def test_api2_a_password_set_by_staff_outside_the_api_ends_every_token(api_client, user):
    session = api_client.post(
        "/users/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    ).json()
    stored = User.objects.get(pk=user.pk)
    stored.set_password("set-By-Staff-2031")
    stored.save()

    assert with_token(session["token"]).get("/users/me").status_code == 401


def test_api2_guesses_from_elsewhere_do_not_lock_the_owner_out(api_client, user):
    guess = {"email": user.email, "password": "wrong-1"}
    for _ in range(5):
        api_client.post("/users/login", guess, format="json", REMOTE_ADDR="192.0.2.66")

    owner = api_client.post("/users/login", {**guess, "password": DEFAULT_PASSWORD}, format="json")

    assert owner.status_code == 200


def test_api2_a_replayed_refresh_token_kills_the_thiefs_fresh_tokens(api_client, user):
    stolen = str(RefreshToken.for_user(user))
    thief = api_client.post("/users/token/refresh", {"refreshToken": stolen}, format="json").json()

    api_client.post("/users/token/refresh", {"refreshToken": stolen}, format="json")

    assert with_token(thief["token"]).get("/users/me").status_code == 401


def test_api4_password_reset_mails_to_one_address_are_limited_across_clients(api_client, user, mailoutbox):
    for number in range(5):
        api_client.post(
            "/users/password/reset", {"email": user.email}, format="json", REMOTE_ADDR=f"192.0.2.{number}"
        )

    assert len(mailoutbox) == 3


# (An anonymous DELETE /users/me was a 401 already; test_api2_closing_an_account… covers it.)
@pytest.mark.parametrize(("method", "path"), [("get", "/users/me/export"), ("post", "/users/me/logout-all")])
def test_api2_account_self_service_refuses_anonymous_callers(api_client, user, method, path):
    response = getattr(api_client, method)(path, {"password": DEFAULT_PASSWORD}, format="json")

    assert_error(response, 401, "not_authenticated")
    assert User.objects.filter(pk=user.pk, tokens_valid_after=None).exists()


def test_api2_logging_out_everywhere_ends_every_token_and_session(api_client, user):
    session = api_client.post(
        "/users/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    ).json()
    browser = APIClient()
    browser.force_login(user)

    assert with_token(session["token"]).post("/users/me/logout-all").status_code == 204

    assert_error(with_token(session["token"]).get("/users/me"), 401)
    assert_error(api_client.post("/users/token/refresh", {"refreshToken": session["refreshToken"]}), 401)
    assert_error(browser.get("/users/me"), 401)


def test_api2_closing_an_account_needs_its_password_and_its_tokens_die_with_it(api_client, user):
    token = api_client.post(
        "/users/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    ).json()["token"]
    owner = with_token(token)
    anonymous = api_client.delete("/users/me", {"password": DEFAULT_PASSWORD}, format="json")

    refused = owner.delete("/users/me", {"password": "a-Stolen-token-only-1"}, format="json")
    closed = owner.delete("/users/me", {"password": DEFAULT_PASSWORD}, format="json")

    assert_error(anonymous, 401, "not_authenticated")
    assert assert_error(refused, 400, "invalid")["errors"].keys() == {"password"}
    assert closed.status_code == 204
    assert_error(owner.get("/users/me"), 401)


def test_api3_the_data_export_holds_only_the_callers_data_and_no_password_hash(user, other_user):
    EventFactory(created_by=other_user, title="Someone else's draft", status=Event.Status.DRAFT)
    EventFactory(created_by=user, title="My draft", status=Event.Status.DRAFT)

    response = bearer_client(user).get("/users/me/export")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert [event["title"] for event in response.json()["export"]["events"]] == ["My draft"]
    for secret in (user.password, other_user.email, str(other_user.pk), "Someone else's draft"):
        assert secret.encode() not in response.content


def test_api2_one_mailbox_is_one_account_whether_spelled_in_nfc_nfd_or_punycode(api_client):
    nfc, nfd, punycode = [
        "jose@m\u00fcnchen.example.com",
        "jose@mu\u0308nchen.example.com",
        "jose@xn--mnchen-3ya.example.com",
    ]
    body = {"name": "Jose", "password": DEFAULT_PASSWORD}

    first, *others = [
        api_client.post("/users/register", {**body, "email": email}, format="json")
        for email in (nfc, nfd, punycode)
    ]
    credentials = {"email": punycode, "password": DEFAULT_PASSWORD}
    logged_in = api_client.post("/users/login", credentials, format="json")

    assert first.status_code == 200
    for response in others:
        assert_error(response, 409)
    assert logged_in.json()["user"]["userId"] == first.json()["user"]["userId"]


# Security issue: attendee emails reach the organizer only


def test_api3_attendee_emails_reach_only_the_organizer_and_staff(api_client, user, staff_user):
    event = EventFactory(created_by=user, capacity=1)
    seen, other = UserFactory(email="seen-attendee@example.com"), UserFactory()
    bearer_client(seen).post(f"/events/{event.pk}/rsvp")
    attendee = bearer_client(other)
    rsvp = attendee.post(f"/events/{event.pk}/rsvp")  # waitlisted behind the first
    feed = attendee.get("/users/me/calendar-key").json()["calendarKey"]["key"]
    views = [
        rsvp,
        attendee.get("/events"),
        attendee.get("/events/all"),
        attendee.get(f"/events/{event.pk}"),
        attendee.get(f"/events/{event.pk}/ics"),
        attendee.get(f"/events/{event.pk}/attendees"),
        attendee.get("/users/me/rsvps"),
        api_client.get(f"/users/me/calendar.ics?key={feed}"),
        api_client.get(f"/events/{event.pk}"),
        api_client.get("/events/all"),
    ]

    assert [view.status_code for view in views] == [201, 200, 200, 200, 200, 403, 200, 200, 401, 401]
    assert not [view.request["PATH_INFO"] for view in views if seen.email in view.content.decode()]
    for organizer in (bearer_client(user), bearer_client(staff_user)):
        assert seen.email in organizer.get(f"/events/{event.pk}/attendees").content.decode()
