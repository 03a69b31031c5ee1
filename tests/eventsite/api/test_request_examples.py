"""Every operation's request example, sent as documented (with an owner's token and the objects its
path names), gets the operation's success status: Swagger UI's "Try it out" works as shown.

What an example cannot hold is filled in as a user would: the token of the email the operation
follows (read from the mail sent), a webhook URL on loopback (the example's must resolve in DNS),
and image uploads presign against S3 (the AWS emulator's bucket), as in production."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.accounts.api.email_links import emailed_token
from tests.factories import EventFactory, TeamMemberFactory, TicketFactory, UserFactory
from tests.helpers import bearer_client

pytestmark = pytest.mark.django_db

PASSWORD = "securePassword123"
LOOPBACK_HOOK = "http://127.0.0.1:9/hook"
# The request whose email holds the userId and token an operation's body takes.
MAILED_BY = {
    ("post", "/users/email/verify"): ("/users/email/verify/resend", None),
    ("post", "/users/password/reset/confirm"): ("/users/password/reset", {"email": "john@example.com"}),
}


def examples(schema: dict) -> list[tuple[str, str]]:
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
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
        {"url": LOOPBACK_HOOK, "eventTypes": ["event.deleted"]},
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
        "fields": {
            "refreshToken": str(RefreshToken.for_user(john)),
            "code": ticket.code,
            "url": LOOPBACK_HOOK,
        },
    }


@pytest.fixture
def _webhooks_to_loopback(settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_LOOPBACK = True


def test_every_request_body_has_an_example(schema):
    assert all(example_of(schema, method, path) for method, path in examples(schema))


def mailed_token(client: APIClient, method: str, path: str) -> dict:
    """The userId and token of the email this operation follows, or nothing for other ones."""
    if (method, path) not in MAILED_BY:
        return {}
    request_path, body = MAILED_BY[method, path]
    client.post(request_path, body, format="json")
    return emailed_token(mail.outbox[-1])


@pytest.mark.slow
@pytest.mark.usefixtures("_webhooks_to_loopback", "mailoutbox", "s3_media")
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
            body.update(mailed_token(client, method, path))
        response = getattr(client, method)(world_path, body, format="json")
        expected = min(code for code in schema["paths"][path][method]["responses"] if code < "300")
        if str(response.status_code) != expected:
            failures.append((method.upper(), path, response.status_code, response.content[:200]))
        get_user_model().objects.all().delete()
    assert not failures
