"""Every operation's request example, sent as documented (with an owner's token and the objects its
path names), gets the operation's success status: Swagger UI's "Try it out" works as shown."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.factories import EventFactory, TeamMemberFactory, TicketFactory, UserFactory
from tests.helpers import bearer_client

pytestmark = pytest.mark.django_db

PASSWORD = "securePassword123"
# What a sent example cannot hold: a token mailed to the user, a URL that must resolve in DNS, a
# presigned upload, which local storage refuses.
NOT_SENDABLE = {
    ("post", "/users/email/verify"),
    ("post", "/users/password/reset/confirm"),
    ("post", "/users/me/webhooks"),
    ("post", "/events/{eventId}/image/upload"),
}


def examples(schema: dict) -> list[tuple[str, str]]:
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body and (method, path) not in NOT_SENDABLE:
                found.append((method, path))
    return found


def example_of(schema: dict, method: str, path: str) -> dict:
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return dict(schema["components"]["schemas"][ref.rpartition("/")[2]]["example"])


def the_world(schema: dict) -> dict:
    """The owner John Doe, his event, a team member, an attendee's ticket and a webhook."""
    john = UserFactory(name="John Doe", email="john@example.com", password=PASSWORD)
    event = EventFactory(created_by=john)
    jane = UserFactory(email="jane@example.com")
    member = TeamMemberFactory(event=event)
    ticket = TicketFactory(rsvp__event=event)
    webhook = bearer_client(john).post(
        "/users/me/webhooks",
        {"url": "http://127.0.0.1:9/hook", "eventTypes": ["event.deleted"]},
        format="json",
    )
    return {
        "john": john,
        "jane": jane,
        "path": {
            "{eventId}": str(event.pk),
            "{userId}": str(member.user_id),
            "{webhookId}": webhook.json()["webhook"]["webhookId"],
        },
        "fields": {"refreshToken": str(RefreshToken.for_user(john)), "code": ticket.code},
    }


@pytest.fixture
def _webhooks_to_loopback(settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_LOOPBACK = True


def test_every_request_body_has_an_example(schema):
    assert all(example_of(schema, method, path) for method, path in examples(schema))


@pytest.mark.usefixtures("_webhooks_to_loopback")
def test_every_request_example_succeeds_when_sent(schema):
    failures = []
    for method, path in examples(schema):
        world_path = path
        with_world = (method, path) != ("post", "/users/register")
        world = the_world(schema) if with_world else None
        client = bearer_client(world["john"]) if with_world else APIClient()
        body = example_of(schema, method, path)
        if world:
            for placeholder, value in world["path"].items():
                world_path = world_path.replace(placeholder, value)
            body.update({key: value for key, value in world["fields"].items() if key in body})
        response = getattr(client, method)(world_path, body, format="json")
        expected = min(code for code in schema["paths"][path][method]["responses"] if code < "300")
        if str(response.status_code) != expected:
            failures.append((method.upper(), path, response.status_code, response.content[:200]))
        get_user_model().objects.all().delete()
    assert not failures
