"""Deliveries: a change reaches the endpoints that want it, signed, retried, logged, redelivered."""

import json
import logging

import pytest

from eventsite.tasks import backends
from eventsite.tasks.runner import run_message
from tests.accounts.api.self_service import assert_conforms
from tests.events.webhooks.conftest import register, signature_is_valid
from tests.factories import EventFactory
from tests.helpers import bearer_client, rsvp_path

pytestmark = pytest.mark.django_db

NEW_EVENT = {"title": "Launch party", "date": "2031-05-01T18:00:00Z"}


def deliveries(client, webhook) -> list[dict]:
    response = client.get(f"/users/me/webhooks/{webhook['webhookId']}/deliveries")
    assert response.status_code == 200, response.content
    return response.json()["deliveries"]


@pytest.fixture
def delays(monkeypatch) -> list[int]:
    """The delay of every task message sent (the sync back end runs delayed ones at once)."""
    sent = []
    backend = backends.current()
    send = backend.send

    def recording(message, *, delay_seconds=0):
        sent.append(delay_seconds)
        send(message, delay_seconds=delay_seconds)

    monkeypatch.setattr(backend, "send", recording)
    return sent


def test_a_new_event_is_posted_to_the_organizers_endpoint_signed_with_its_secret(
    auth_client, webhook, receiver, openapi
):
    response = auth_client.post("/events", NEW_EVENT, format="json")

    [received] = receiver.received
    assert received.path == "/hooks/eventsite"
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["User-Agent"].startswith("eventsite-webhooks/")
    assert signature_is_valid(received, webhook["secret"])
    assert not signature_is_valid(received, webhook["secret"] + "x")
    body = received.json
    assert set(body) == {"id", "type", "createdAt", "data"}
    assert body["type"] == "event.created"
    assert received.headers["Eventsite-Event-Id"] == body["id"]
    assert body["data"]["eventId"] == response.json()["event"]["eventId"]
    assert body["data"]["title"] == "Launch party"
    log = auth_client.get(f"/users/me/webhooks/{webhook['webhookId']}/deliveries")
    assert_conforms(openapi, log, "get", "/users/me/webhooks/{webhookId}/deliveries")
    [delivery] = log.json()["deliveries"]
    assert (delivery["succeeded"], delivery["statusCode"], delivery["attempt"]) == (True, 200, 1)
    assert (delivery["eventId"], delivery["eventType"]) == (body["id"], "event.created")
    assert delivery["deliveryId"] == received.headers["Eventsite-Delivery-Id"]
    assert delivery["responseExcerpt"] == "ok"
    assert delivery["durationMs"] >= 0


def test_an_rsvp_change_carries_the_rsvp_as_data(user, other_user, receiver, webhook):
    event = EventFactory(created_by=user)

    response = bearer_client(other_user).post(rsvp_path(event))

    [received] = receiver.received
    assert received.json["type"] == "rsvp.created"
    assert received.json["data"] == response.json()["rsvp"]


def test_a_failing_receiver_gets_the_change_again_until_it_takes_it(auth_client, webhook, receiver, delays):
    receiver.answer_with(500, 503)

    auth_client.post("/events", NEW_EVENT, format="json")

    assert len(receiver.received) == 3
    assert len({received.json["id"] for received in receiver.received}) == 1
    assert all(signature_is_valid(received, webhook["secret"]) for received in receiver.received)
    log = deliveries(auth_client, webhook)
    assert [(d["attempt"], d["succeeded"], d["statusCode"]) for d in log] == [
        (3, True, 200),
        (2, False, 503),
        (1, False, 500),
    ]
    assert log[1]["error"] == "The receiver answered 503."
    assert [delay for delay in delays if delay] == [10, 60]
    assert (
        auth_client.get(f"/users/me/webhooks/{webhook['webhookId']}").json()["webhook"]["failingSince"]
        is None
    )


def test_a_redirect_is_a_failure_and_is_not_followed(auth_client, webhook, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    receiver.answer_with(302, headers={"Location": receiver.url + "/elsewhere"})

    auth_client.post("/events", NEW_EVENT, format="json")

    assert [received.path for received in receiver.received] == ["/hooks/eventsite"]
    [delivery] = deliveries(auth_client, webhook)
    assert (delivery["succeeded"], delivery["statusCode"]) == (False, 302)


def test_a_slow_receiver_times_out_and_only_an_excerpt_of_an_answer_is_kept(
    auth_client, webhook, receiver, settings
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    receiver.answer_with(200)
    receiver.delay_seconds = 1.5

    auth_client.post("/events", NEW_EVENT, format="json")
    receiver.delay_seconds = 0
    receiver.answer_with(418, body=b"x" * 10_000)
    auth_client.post("/events", NEW_EVENT, format="json")

    teapot, timed_out = deliveries(auth_client, webhook)
    assert (timed_out["succeeded"], timed_out["statusCode"], timed_out["error"]) == (
        False,
        None,
        "Timed out.",
    )
    assert (teapot["statusCode"], teapot["responseExcerpt"]) == (418, "x" * 500)


def test_an_endpoint_whose_every_attempt_fails_is_marked_failing_then_switched_off(
    auth_client, webhook, receiver, settings
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 2
    path = f"/users/me/webhooks/{webhook['webhookId']}"
    receiver.answer_with(*[500] * 4)

    auth_client.post("/events", NEW_EVENT, format="json")
    failing = auth_client.get(path).json()["webhook"]
    auth_client.post("/events", NEW_EVENT, format="json")
    switched_off = auth_client.get(path).json()["webhook"]
    auth_client.post("/events", NEW_EVENT, format="json")

    assert (failing["active"], failing["consecutiveFailures"]) == (True, 1)
    assert failing["failingSince"] is not None
    assert (switched_off["active"], switched_off["consecutiveFailures"]) == (False, 2)
    assert switched_off["failingSince"] == failing["failingSince"]
    assert len(receiver.received) == 4
    switched_on = auth_client.patch(path, {"active": True}, format="json").json()["webhook"]
    assert (switched_on["active"], switched_on["consecutiveFailures"], switched_on["failingSince"]) == (
        True,
        0,
        None,
    )
    auth_client.post("/events", NEW_EVENT, format="json")
    assert len(receiver.received) == 5


def test_a_logged_delivery_is_sent_again_on_request(auth_client, webhook, receiver, settings, openapi):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    receiver.answer_with(500)
    auth_client.post("/events", NEW_EVENT, format="json")
    [failed] = deliveries(auth_client, webhook)

    response = auth_client.post(
        f"/users/me/webhooks/{webhook['webhookId']}/deliveries/{failed['deliveryId']}/redeliver"
    )

    assert response.status_code == 202
    assert_conforms(
        openapi, response, "post", "/users/me/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"
    )
    first, again = receiver.received
    assert again.json == first.json
    assert signature_is_valid(again, webhook["secret"])
    redelivered, _ = deliveries(auth_client, webhook)
    assert (redelivered["redelivery"], redelivered["succeeded"], redelivered["eventId"]) == (
        True,
        True,
        failed["eventId"],
    )


def test_an_unknown_delivery_cannot_be_sent_again(auth_client, webhook):
    path = f"/users/me/webhooks/{webhook['webhookId']}/deliveries"
    assert auth_client.post(f"{path}/{webhook['webhookId']}/redeliver").status_code == 404
    assert auth_client.post(f"{path}/nonsense/redeliver").status_code == 404


def test_an_endpoint_gets_only_the_event_types_it_chose(auth_client, user, receiver):
    register(auth_client, receiver.url, ["rsvp.created"])

    auth_client.post("/events", NEW_EVENT, format="json")

    assert receiver.received == []


def test_an_endpoint_gets_no_changes_of_other_users_events(other_user, receiver, webhook):
    bearer_client(other_user).post("/events", NEW_EVENT, format="json")

    assert receiver.received == []


def test_a_staff_members_endpoint_gets_the_changes_of_every_event(staff_user, other_user, receiver):
    register(bearer_client(staff_user), receiver.url, ["event.created"])

    bearer_client(other_user).post("/events", NEW_EVENT, format="json")

    [received] = receiver.received
    assert received.json["data"]["createdBy"] == str(other_user.pk)


def test_a_switched_off_endpoint_gets_nothing(auth_client, webhook, receiver):
    auth_client.patch(f"/users/me/webhooks/{webhook['webhookId']}", {"active": False}, format="json")

    auth_client.post("/events", NEW_EVENT, format="json")

    assert receiver.received == []


def test_the_secret_appears_in_no_answer_but_the_first_and_in_no_log(auth_client, user, receiver, caplog):
    caplog.set_level(logging.DEBUG)
    receiver.answer_with(500)
    created = register(auth_client, receiver.url)
    secret = created.json()["webhook"]["secret"]
    webhook_path = f"/users/me/webhooks/{created.json()['webhook']['webhookId']}"

    auth_client.post("/events", NEW_EVENT, format="json")
    answers = [
        auth_client.get("/users/me/webhooks"),
        auth_client.get(webhook_path),
        auth_client.patch(webhook_path, {"description": "x"}, format="json"),
        auth_client.get(f"{webhook_path}/deliveries"),
        auth_client.get("/users/me/export"),
    ]

    assert len(receiver.received) == 2
    assert all(answer.status_code == 200 for answer in answers)
    assert not [answer for answer in answers if secret.encode() in answer.content]
    assert secret not in caplog.text
    assert "webhook delivery failed" in caplog.text


def test_the_request_only_enqueues_and_the_queue_delivers_later(
    auth_client, webhook, receiver, task_messages
):
    auth_client.post("/events", NEW_EVENT, format="json")

    assert receiver.received == []
    assert [message["task"] for message in task_messages] == ["events.tasks.change_happened"]
    ran = []
    while task_messages:
        message = json.loads(json.dumps(task_messages.pop(0)))  # as a queue carries it
        run_message(message)
        ran.append(message["task"])
    assert ran[0] == "events.tasks.change_happened"
    # Other listeners (emails) may run too; the webhook's tasks come one after the other.
    assert [name for name in ran if name.startswith("events.webhooks.")] == [
        "events.webhooks.tasks.webhooks_notify",
        "events.webhooks.tasks.deliver_webhook",
    ]
    [received] = receiver.received
    assert received.json["type"] == "event.created"
