"""Account self-service: deleting one's account, logging out everywhere; the export is in
``test_self_service_export.py``.
"""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from events.models import Event, Rsvp
from tests.accounts.api.self_service import (
    SELF_SERVICE,
    assert_conforms,
    delete_account,
    logged_in,
    with_bearer,
)
from tests.factories import DEFAULT_PASSWORD, EventFactory, RsvpFactory, UserFactory
from tests.helpers import (
    assert_error,
    assert_field_errors,
    bearer_client,
    login,
    refresh,
    rsvp_path,
    set_throttle_rates,
    titles,
)

pytestmark = pytest.mark.django_db


# Anonymous callers


@pytest.mark.parametrize(("method", "path"), SELF_SERVICE)
def test_anonymous_callers_are_401_on_every_self_service_endpoint(api_client, openapi, method, path):
    response = getattr(api_client, method)(path, {"password": DEFAULT_PASSWORD}, format="json")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_conforms(openapi, response, method, path)


# DELETE /users/me


def test_deleting_ones_account_with_the_password_removes_the_user_their_events_and_rsvps(
    auth_client, user, other_user, openapi
):
    own = EventFactory(created_by=user, status=Event.Status.DRAFT)
    attended = EventFactory(created_by=other_user)
    RsvpFactory(event=attended, user=user)

    response = delete_account(auth_client)

    assert response.status_code == 204
    assert response.content == b""
    assert_conforms(openapi, response, "delete", "/users/me")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Event.objects.filter(pk=own.pk).exists()
    assert not Rsvp.objects.filter(user_id=user.pk).exists()
    assert bearer_client(other_user).get(f"/events/{attended.pk}").json()["event"]["attendeeCount"] == 0


def test_deleting_ones_account_gives_the_seat_to_the_oldest_waitlisted_person(other_user):
    event = EventFactory(created_by=other_user, capacity=1)
    leaver, first, second = UserFactory(), UserFactory(), UserFactory()
    for attendee in (leaver, first, second):
        assert bearer_client(attendee).post(rsvp_path(event)).status_code == 201

    assert delete_account(bearer_client(leaver)).status_code == 204

    shown = bearer_client(first).get(f"/events/{event.pk}").json()["event"]
    assert (shown["attendeeCount"], shown["spotsLeft"], shown["myRsvp"]["status"]) == (1, 0, "going")
    waiting = bearer_client(second).get(f"/events/{event.pk}").json()["event"]
    assert waiting["myRsvp"]["status"] == "waitlisted"


def test_deleting_ones_account_retires_cached_event_lists(auth_client, user, other_user):
    EventFactory(created_by=user, title="Leaving with me")
    reader = bearer_client(other_user)
    assert titles(reader) == ["Leaving with me"]

    assert delete_account(auth_client).status_code == 204

    assert titles(reader) == []


@pytest.mark.parametrize(
    "body",
    [{"password": "not-the-Password-1"}, {}, {"password": ""}, {"password": 12345}, {"password": None}],
    ids=["wrong", "missing", "empty", "number", "null"],
)
def test_account_deletion_without_the_right_password_is_400_naming_password_and_deletes_nothing(
    auth_client, user, openapi, body
):
    event = EventFactory(created_by=user)

    response = auth_client.delete("/users/me", body, format="json")

    assert_field_errors(response, "password")
    assert_conforms(openapi, response, "delete", "/users/me")
    assert User.objects.filter(pk=user.pk).exists()
    assert Event.objects.filter(pk=event.pk).exists()


def test_account_deletion_without_a_body_is_400_naming_password(auth_client, user):
    assert_field_errors(auth_client.delete("/users/me"), "password")
    assert User.objects.filter(pk=user.pk).exists()


def test_the_tokens_of_a_deleted_account_answer_401(user):
    client, refresh_token = logged_in(user)

    assert delete_account(client).status_code == 204

    assert_error(client.get("/users/me"), 401)
    assert_error(client.get("/events"), 401)
    assert_error(refresh(APIClient(), refresh_token), 401)
    assert_error(login(APIClient(), user.email), 401)


def test_account_deletion_is_throttled_like_a_password_change(auth_client, user, settings, monkeypatch):
    set_throttle_rates(settings, monkeypatch, auth="2/min")

    answers = [delete_account(auth_client, "not-the-Password-1").status_code for _ in range(2)]
    throttled = delete_account(auth_client)

    assert answers == [400, 400]
    assert_error(throttled, 429, "throttled")
    assert User.objects.filter(pk=user.pk).exists()
    assert auth_client.get("/users/me").status_code == 200  # the limit is the deletion's only


# POST /users/me/logout-all


def test_logout_all_makes_every_earlier_access_and_refresh_token_answer_401(user, openapi):
    first, first_refresh = logged_in(user)
    second, second_refresh = logged_in(user)

    response = first.post("/users/me/logout-all")

    assert response.status_code == 204
    assert response.content == b""
    assert_conforms(openapi, response, "post", "/users/me/logout-all")
    for client in (first, second):
        assert_error(client.get("/users/me"), 401, "token_not_valid")
    for refresh_token in (first_refresh, second_refresh):
        assert_error(refresh(APIClient(), refresh_token), 401, "token_not_valid")


def test_a_login_after_logout_all_gives_working_tokens(user):
    client, _ = logged_in(user)
    assert client.post("/users/me/logout-all").status_code == 204

    fresh, fresh_refresh = logged_in(user)

    assert fresh.get("/users/me").status_code == 200
    rotated = refresh(APIClient(), fresh_refresh)
    assert rotated.status_code == 200
    assert with_bearer(rotated.json()["token"]).get("/users/me").status_code == 200


def test_logout_all_ends_browser_sessions_too(user):
    browser = APIClient()
    browser.force_login(user)
    assert browser.get("/users/me").status_code == 200

    assert bearer_client(user).post("/users/me/logout-all").status_code == 204

    assert_error(browser.get("/users/me"), 401)


def test_logout_all_leaves_other_users_logged_in(user, other_user):
    other, _ = logged_in(other_user)

    assert bearer_client(user).post("/users/me/logout-all").status_code == 204

    assert other.get("/users/me").status_code == 200


# The schema


def test_the_schema_documents_each_self_service_operation(openapi):
    raw = openapi.raw_schema["paths"]
    delete = raw["/users/me"]["delete"]
    assert delete["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/AccountDeleteRequest"
    )
    assert set(delete["responses"]) == {"204", "400", "401", "403", "406", "413", "415", "429", "503"}
    assert set(raw["/users/me/export"]["get"]["responses"]) == {"200", "401", "406", "429"}
    assert {"204", "401", "429"} <= set(raw["/users/me/logout-all"]["post"]["responses"])
    assert all({} not in raw[path][method]["security"] for method, path in SELF_SERVICE)
