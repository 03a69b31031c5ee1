"""Every error, whatever raises it, is the JSON envelope with the right status."""

from unittest import mock

import pytest

from tests.helpers import assert_error, set_throttle_rates

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
@pytest.mark.parametrize(
    "path", ["/nope", "/nope/", "/users/nobody", "/events/all/extra", "/static/missing.css"]
)
def test_unknown_path_is_404(api_client, method, path):
    assert_error(getattr(api_client, method)(path), 404, "not_found")


def test_unknown_path_is_json_even_for_browsers(api_client):
    assert_error(api_client.get("/nope", HTTP_ACCEPT="text/html"), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/users/register"),
        ("put", "/users/login"),
        ("put", "/users/me"),
        ("get", "/users/logout"),
        ("get", "/events/create"),
        ("post", "/events/all"),
        ("delete", "/events"),
        ("post", "/health"),
    ],
)
def test_wrong_method_is_405(auth_client, method, path):
    response = getattr(auth_client, method)(path)

    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"]


@pytest.mark.parametrize("path", ["/users/register", "/events/create"])
def test_oversized_body_is_413(auth_client, settings, path):
    settings.MAX_REQUEST_BODY_BYTES = 64

    response = auth_client.post(path, {"title": "x" * 100}, format="json")

    assert_error(response, 413, "request_too_large")


def test_body_within_the_limit_is_accepted(auth_client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 200

    response = auth_client.post("/events", {"title": "t", "date": "2030-01-01T00:00:00Z"}, format="json")

    assert response.status_code == 201


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_unsupported_content_type_is_415(auth_client, content_type):
    response = auth_client.post("/events/create", "title=x", content_type=content_type)

    assert_error(response, 415, "unsupported_media_type")


def test_auth_endpoints_are_throttled_with_retry_after(api_client, settings, monkeypatch):
    set_throttle_rates(settings, monkeypatch, auth="2/min")
    body = {"email": "nobody@example.com", "password": "whatever-1"}

    statuses = [api_client.post("/users/login", body, format="json").status_code for _ in range(3)]

    assert statuses == [401, 401, 429]
    response = api_client.post("/users/register", {}, format="json")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_errors_never_leak_html_or_tracebacks(auth_client):
    response = auth_client.post("/events", "{bad json", content_type="application/json")

    body = assert_error(response, 400, "parse_error")
    assert "Traceback" not in body["message"]


def test_unexpected_failure_is_a_json_500_without_details(auth_client):
    auth_client.raise_request_exception = False
    with mock.patch("events.selectors.events_version", side_effect=RuntimeError("secret detail")):
        response = auth_client.get("/events/all")

    body = assert_error(response, 500, "server_error")
    assert "secret detail" not in response.content.decode()
    assert body["message"] == "Internal server error."
