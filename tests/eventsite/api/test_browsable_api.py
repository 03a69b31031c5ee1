import pytest
from django.test import Client

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


@pytest.fixture
def session_client(client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)
    return client


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/events/all", 200), ("/events", 200), ("/users/me", 200), ("/users/register", 405)],
)
def test_browsable_api_renders_html_for_a_logged_in_user(session_client, event, path, status):
    response = session_client.get(path, **HTML)

    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert b"eventsite API" in response.content


def test_browsable_event_list_shows_the_events(session_client, event):
    response = session_client.get("/events/all", **HTML)

    assert response.status_code == 200
    assert event.title.encode() in response.content


def test_browsable_event_detail_renders(session_client, event):
    response = session_client.get(f"/events/{event.pk}", **HTML)

    assert response.status_code == 200
    assert event.title.encode() in response.content


def test_session_login_authenticates_json_requests_too(session_client, user):
    response = session_client.get("/users/me")

    assert response.status_code == 200
    assert response.json()["user"]["userId"] == str(user.pk)


def test_session_writes_need_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/events", {"title": "x", "date": "2030-01-01T00:00:00Z"})

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_api_auth_login_page_renders(client):
    response = client.get("/api-auth/login/")

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_api_auth_login_form_logs_in(client, user):
    response = client.post(
        "/api-auth/login/", {"username": user.email, "password": DEFAULT_PASSWORD, "next": "/events/all"}
    )

    assert response.status_code == 302
    assert client.get("/users/me").json()["user"]["email"] == user.email
