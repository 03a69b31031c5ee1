from unittest import mock

import pytest
from django.db import OperationalError, connection

from tests.helpers import expired_token, wrongly_signed_token

pytestmark = pytest.mark.django_db

UNAVAILABLE = {"message": "Database unavailable.", "code": "database_unavailable", "status": "unavailable"}
STALE_AUTHORIZATIONS = {
    "expired": expired_token,
    "wrongly signed": wrongly_signed_token,
    "garbage": lambda user: "Bearer not-a-jwt",
    "empty bearer": lambda user: "Bearer",
    "unknown scheme": lambda user: "Basic dXNlcjpwYXNz",
}


@pytest.mark.parametrize("path", ["/health", "/health/"])
def test_health_is_ok_with_a_working_database(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("authorization", STALE_AUTHORIZATIONS.values(), ids=STALE_AUTHORIZATIONS)
def test_health_ignores_a_stale_or_garbage_authorization_header(api_client, user, authorization):
    response = api_client.get("/health", HTTP_AUTHORIZATION=authorization(user))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_is_503_when_the_database_is_unreachable(api_client, mongo_server):
    if connection.vendor != "mongodb":
        # How Django reports a SQLite file it cannot open: before the query, on connecting.
        unopenable = OperationalError("unable to open database file")
        with mock.patch.object(connection, "ensure_connection", side_effect=unopenable):
            response = api_client.get("/health")
    elif mongo_server is None:
        pytest.skip("a real MongoDB cluster (MONGODB_URL) cannot be made unreachable from a test")
    else:
        # Every read drops the connection before it runs, the driver's retry included.
        mongo_server.inject("aggregate", error="network", times=None)
        response = api_client.get("/health")
        mongo_server.clear_faults()
        assert mongo_server.sent("aggregate", "accounts_user")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == UNAVAILABLE


def test_api_root_links_every_part_of_the_api(api_client):
    response = api_client.get("/")

    assert response.status_code == 200
    links = response.json()
    assert links["register"] == "http://testserver/users/register"
    assert links["allEvents"] == "http://testserver/events/all"
    assert links["health"] == "http://testserver/health"
    assert links["admin"] == "http://testserver/admin/"
    assert {"login", "me", "tokenRefresh", "logout", "events", "createEvent"} <= set(links)


def test_api_root_links_the_docs_the_schema_and_every_resource(api_client):
    links = api_client.get("/").json()

    assert links["docs"] == "http://testserver/docs"
    assert links["redoc"] == "http://testserver/redoc"
    assert links["schema"] == "http://testserver/schema"
    assert links["myRsvps"] == "http://testserver/users/me/rsvps"
    assert links["myCalendar"] == "http://testserver/users/me/calendar.ics"
    assert links["publicEvents"] == "http://testserver/public/events"
    assert links["publicCalendar"] == "http://testserver/public/events.ics"
    assert links["apiKeys"] == "http://testserver/users/me/api-keys"
    assert {"webhooks", "myEvents", "calendarKey", "readiness", "exportMyData"} <= set(links)


def test_browsable_api_root_is_branded_eventsite(api_client):
    page = api_client.get("/", HTTP_ACCEPT="text/html").content.decode()

    assert "Django REST framework" not in page
    assert '<a class="navbar-brand" href="/">eventsite API</a>' in page
    assert "<title>Api Root \N{EN DASH} eventsite API</title>" in page


def test_api_root_links_all_lead_to_api_endpoints(auth_client):
    links = auth_client.get("/").json()
    pages = [links.pop(name) for name in ("admin", "docs", "redoc")]

    for name, url in links.items():
        assert auth_client.options(url).status_code == 200, name
    for url in pages:
        assert auth_client.get(url, follow=True).status_code == 200, url
