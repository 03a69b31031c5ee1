from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/health", "/health/"])
def test_health_is_ok_with_a_working_database(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_is_503_when_the_database_is_unreachable(api_client):
    refused = OperationalError("connection refused")
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        response = api_client.get("/health")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "message": "Database unavailable.",
        "code": "database_unavailable",
        "status": "unavailable",
    }


def test_api_root_links_every_part_of_the_api(api_client):
    response = api_client.get("/")

    assert response.status_code == 200
    links = response.json()
    assert links["register"] == "http://testserver/users/register"
    assert links["allEvents"] == "http://testserver/events/all"
    assert links["health"] == "http://testserver/health"
    assert links["admin"] == "http://testserver/admin/"
    assert {"login", "me", "tokenRefresh", "logout", "events", "createEvent"} <= set(links)


def test_api_root_links_all_lead_to_api_endpoints(auth_client):
    links = auth_client.get("/").json()
    links.pop("admin")

    for name, url in links.items():
        assert auth_client.options(url).status_code == 200, name
