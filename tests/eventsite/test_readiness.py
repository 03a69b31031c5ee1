"""``GET /health/ready``: the database, the cache and the task queue, each checked; public, rate-limited."""

import socket
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection

from eventsite.conf.cache import cache_settings
from eventsite.tasks import backends
from tests.helpers import set_throttle_rates, wrongly_signed_token

pytestmark = pytest.mark.django_db

READY = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "queue": "ok"}}


def test_ready_answers_each_check_s_state(api_client):
    response = api_client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == READY


def test_ready_needs_no_login_and_ignores_stale_credentials(api_client, user):
    response = api_client.get("/health/ready", HTTP_AUTHORIZATION=wrongly_signed_token(user))

    assert response.status_code == 200


def test_an_unreachable_cache_is_503_naming_it(api_client, settings):
    # Nothing listens on port 1; django-redis swallows the error as the throttles expect.
    settings.CACHES = {"default": cache_settings("redis://127.0.0.1:1/0")}

    response = api_client.get("/health/ready")

    assert response.status_code == 503
    assert response.json() == {
        "message": "Not ready: cache unavailable.",
        "code": "not_ready",
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "unavailable", "queue": "ok"},
    }


def test_an_unreachable_database_is_503_without_the_reason(api_client, mongo_server):
    if connection.vendor != "mongodb":
        unopenable = OperationalError("unable to open database file /srv/secret/path")
        with mock.patch.object(connection, "ensure_connection", side_effect=unopenable):
            response = api_client.get("/health/ready")
    elif mongo_server is None:
        pytest.skip("a real MongoDB cluster (MONGODB_URL) cannot be made unreachable from a test")
    else:
        mongo_server.inject("aggregate", error="network", times=None)
        response = api_client.get("/health/ready")
        mongo_server.clear_faults()

    assert response.status_code == 503
    body = response.json()
    assert (body["code"], body["checks"]["database"]) == ("not_ready", "unavailable")
    assert body["message"] == "Not ready: database unavailable."
    assert "secret" not in response.content.decode() and "Traceback" not in response.content.decode()


def test_an_unreachable_queue_is_503_naming_it(api_client, settings):
    settings.TASKS_BACKEND = "sqs"
    failing = mock.Mock(**{"get_queue_attributes.side_effect": ConnectionError("no route to sqs")})
    with (
        mock.patch("eventsite.tasks.backends.sqs_probe_client", return_value=failing),
        mock.patch("eventsite.tasks.backends.queue_url", return_value="https://sqs.example/queue"),
    ):
        response = api_client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "queue": "unavailable"}
    failing.get_queue_attributes.assert_called_once_with(
        QueueUrl="https://sqs.example/queue", AttributeNames=["QueueArn"]
    )


@pytest.fixture
def silent_endpoint():
    """A loopback port that accepts connections and never answers."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.listen(8)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


def test_a_queue_that_never_answers_is_503_within_seconds(api_client, settings, monkeypatch, silent_endpoint):
    settings.TASKS_BACKEND = "sqs"
    settings.TASKS_SQS_ENDPOINT_URL = silent_endpoint
    settings.TASKS_QUEUE_URL = f"{silent_endpoint}/123456789012/eventsite-dev-tasks"
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    backends.sqs_probe_client.cache_clear()
    started = time.monotonic()
    try:
        response = api_client.get("/health/ready")
    finally:
        backends.sqs_probe_client.cache_clear()

    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == "unavailable"
    assert time.monotonic() - started < 3 * backends.PROBE_TIMEOUT_SECONDS


def test_ready_has_its_own_rate_limit(api_client, settings, monkeypatch):
    set_throttle_rates(settings, monkeypatch, health_ready="2/min")

    answers = [api_client.get("/health/ready").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert api_client.get("/health").status_code == 200


def test_ready_is_documented_as_public_with_each_answer(schema):
    operation = schema["paths"]["/health/ready"]["get"]

    assert operation["security"] == [{}]
    assert set(operation["responses"]) == {"200", "406", "429", "503"}
    bodies = {
        code: answer["content"]["application/json"]["schema"]
        for code, answer in operation["responses"].items()
    }
    assert (bodies["200"], bodies["503"]) == (
        {"$ref": "#/components/schemas/Readiness"},
        {"$ref": "#/components/schemas/ReadinessUnavailable"},
    )
    assert "<" not in operation["responses"]["503"]["description"]
