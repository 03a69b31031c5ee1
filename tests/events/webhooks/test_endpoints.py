"""Registering, reading, changing and deleting webhook endpoints (/users/me/webhooks)."""

import pytest

from events.models import WebhookDelivery, WebhookEndpoint
from tests.accounts.api.self_service import assert_conforms, delete_account
from tests.events.webhooks.conftest import register
from tests.helpers import assert_error, assert_field_errors, bearer_client

pytestmark = pytest.mark.django_db


def test_registering_answers_with_the_secret_once_and_never_again(auth_client, receiver, openapi):
    response = register(auth_client, receiver.url, ["event.created", "rsvp.created"], description="CRM sync")

    assert response.status_code == 201
    assert_conforms(openapi, response, "post", "/users/me/webhooks")
    webhook = response.json()["webhook"]
    assert webhook["secret"].startswith("whsec_") and len(webhook["secret"]) > 40
    assert (webhook["url"], webhook["description"]) == (receiver.url, "CRM sync")
    assert webhook["eventTypes"] == ["event.created", "rsvp.created"]
    assert (webhook["active"], webhook["failingSince"], webhook["consecutiveFailures"]) == (True, None, 0)
    path = f"/users/me/webhooks/{webhook['webhookId']}"
    for answer in (auth_client.get("/users/me/webhooks"), auth_client.get(path)):
        assert answer.status_code == 200
        assert webhook["secret"].encode() not in answer.content
        assert b"secret" not in answer.content
    assert_conforms(openapi, auth_client.get(path), "get", "/users/me/webhooks/{webhookId}")


def test_the_list_holds_the_callers_endpoints_only(auth_client, other_user, receiver, openapi):
    register(auth_client, receiver.url)
    register(bearer_client(other_user), receiver.url + "/theirs")

    response = auth_client.get("/users/me/webhooks")

    assert_conforms(openapi, response, "get", "/users/me/webhooks")
    assert [hook["url"] for hook in response.json()["webhooks"]] == [receiver.url]


def test_changing_an_endpoint_keeps_what_is_not_given(auth_client, webhook, openapi):
    path = f"/users/me/webhooks/{webhook['webhookId']}"

    response = auth_client.patch(path, {"eventTypes": ["rsvp.promoted"], "active": False}, format="json")

    assert response.status_code == 200
    assert_conforms(openapi, response, "patch", "/users/me/webhooks/{webhookId}")
    changed = response.json()["webhook"]
    assert (changed["eventTypes"], changed["active"], changed["url"]) == (
        ["rsvp.promoted"],
        False,
        webhook["url"],
    )


def test_deleting_an_endpoint_removes_it(auth_client, webhook):
    path = f"/users/me/webhooks/{webhook['webhookId']}"

    assert auth_client.delete(path).status_code == 204

    assert_error(auth_client.get(path), 404, "not_found")
    assert auth_client.get("/users/me/webhooks").json()["webhooks"] == []


def test_another_users_endpoint_is_not_found_whatever_the_method(webhook, other_user):
    client = bearer_client(other_user)
    path = f"/users/me/webhooks/{webhook['webhookId']}"

    assert_error(client.get(path), 404, "not_found")
    assert_error(client.patch(path, {"active": False}, format="json"), 404, "not_found")
    assert_error(client.delete(path), 404, "not_found")
    assert_error(client.get(f"{path}/deliveries"), 404, "not_found")
    assert_error(client.post(f"{path}/deliveries/{webhook['webhookId']}/redeliver"), 404, "not_found")
    assert client.get("/users/me/webhooks").json()["webhooks"] == []


def test_an_endpoint_id_that_is_no_uuid_is_not_found(auth_client):
    assert_error(auth_client.get("/users/me/webhooks/not-a-uuid"), 404, "not_found")


def test_webhooks_need_a_login(api_client):
    assert_error(api_client.get("/users/me/webhooks"), 401)
    assert_error(api_client.post("/users/me/webhooks", {}, format="json"), 401)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"url", "eventTypes"}),
        ({"url": "https://example.com/hook", "eventTypes": []}, {"eventTypes"}),
        ({"url": "https://example.com/hook", "eventTypes": ["event.exploded"]}, {"eventTypes.0"}),
        ({"url": 42, "eventTypes": ["event.created"]}, {"url"}),
        ({"url": "https://example.com/hook", "eventTypes": "event.created"}, {"eventTypes"}),
    ],
)
def test_a_registration_missing_or_with_wrong_fields_is_refused(auth_client, body, fields):
    assert_field_errors(auth_client.post("/users/me/webhooks", body, format="json"), *fields)


def test_one_user_registers_at_most_the_allowed_number_of_endpoints(auth_client, receiver, settings):
    settings.WEBHOOKS_MAX_ENDPOINTS_PER_USER = 2
    register(auth_client, receiver.url)
    register(auth_client, receiver.url)

    assert_error(register(auth_client, receiver.url), 409, "too_many_webhooks")


def test_deleting_the_account_deletes_its_endpoints_and_their_log(auth_client, webhook, receiver):
    auth_client.post("/events", {"title": "Launch", "date": "2031-05-01T18:00:00Z"}, format="json")
    assert WebhookDelivery.objects.count() == 1

    assert delete_account(auth_client).status_code == 204

    assert (WebhookEndpoint.objects.count(), WebhookDelivery.objects.count()) == (0, 0)
