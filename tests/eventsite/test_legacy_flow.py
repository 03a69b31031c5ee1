import pytest

pytestmark = pytest.mark.django_db


def test_legacy_register_then_create_event_flow(api_client):
    registered = api_client.post(
        "/users/register",
        {"name": "John Doe", "email": "john@example.com", "password": "securePassword123"},
        format="json",
    )
    assert registered.status_code == 200
    token = registered.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    created = api_client.post(
        "/events/create",
        {
            "title": "Tech Conference 2025",
            "description": "Annual technology conference",
            "date": "2025-12-15T09:00:00.000Z",
            "location": "San Francisco, CA",
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["event"]["date"] == "2025-12-15T09:00:00.000Z"
    listed = api_client.get("/events/all")
    assert [e["title"] for e in listed.json()["events"]] == ["Tech Conference 2025"]
