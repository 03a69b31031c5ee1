"""``HEAD`` answers wherever ``GET`` does: the same status and headers, no body."""

import re
from unittest import mock

import pytest

from events.services import calendar_feed_for
from tests.factories import RsvpFactory
from tests.helpers import bearer_client

pytestmark = pytest.mark.django_db

# Per request, not per resource.
VARYING_HEADERS = {"X-Request-ID"}

GET_ROUTES = [
    "/health",
    "/health/",
    "/",
    "/events",
    "/events/all",
    "/events/{event}",
    "/events/{event}/attendees",
    "/events/{event}/ics",
    "/users/me",
    "/users/me/rsvps",
    "/users/me/calendar-key",
    "/users/me/calendar.ics?key={key}",
    "/schema",
    "/schema?format=json",
    "/docs",
    "/redoc",
]


@pytest.fixture
def server_keeping_bodies():
    """The test client without its own removal of ``HEAD`` bodies, like Zappa's Lambda handler:
    the body seen is the one the application sent."""
    with mock.patch("django.test.client.conditional_content_removal", lambda request, response: response):
        yield


def comparable(response) -> tuple[int, dict]:
    headers = {k: v for k, v in response.headers.items() if k not in VARYING_HEADERS}
    if policy := headers.get("Content-Security-Policy"):
        # A page's script nonce is new on each request; the policy is the same.
        headers["Content-Security-Policy"] = re.sub(r"'nonce-[^']*'", "'nonce'", policy)
    return response.status_code, headers


@pytest.mark.parametrize("route", GET_ROUTES)
def test_head_answers_like_get_without_a_body(server_keeping_bodies, user, event, route):
    RsvpFactory(event=event, user=user)
    path = route.format(event=event.pk, key=calendar_feed_for(user=user).key)
    client = bearer_client(user)

    head, get = client.head(path), client.get(path)

    assert get.status_code == 200, get.content
    assert get.content
    assert comparable(head) == comparable(get)
    assert head.content == b""
    assert int(head["Content-Length"]) == len(get.content)


def test_head_of_an_unknown_route_is_a_bodiless_404(server_keeping_bodies, auth_client):
    head, get = auth_client.head("/no/such/route"), auth_client.get("/no/such/route")

    assert head.status_code == get.status_code == 404
    assert head.content == b""
