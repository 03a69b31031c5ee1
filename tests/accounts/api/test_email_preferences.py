"""Email preferences on the profile, and the unsubscribe link that works without login."""

import json
from urllib.parse import urlencode, urlsplit

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.test import APIClient

from accounts.mail import send_email, unsubscribe_token
from accounts.models import User
from tests.helpers import DEFAULT_PREFERENCES, assert_error, assert_field_errors

pytestmark = [pytest.mark.django_db]

UNSUBSCRIBED = "You will no longer receive these emails."


def patch(client: APIClient, body: dict):
    return client.patch("/users/me", body, format="json")


def test_the_profile_shows_the_preferences(auth_client):
    assert auth_client.get("/users/me").json()["user"]["preferences"] == DEFAULT_PREFERENCES


def test_patching_some_preferences_changes_only_those(auth_client, user):
    response = patch(auth_client, {"preferences": {"reminders": False, "organizerDigest": True}})

    assert response.status_code == 200, response.content
    shown = response.json()["user"]
    assert shown["preferences"] == {**DEFAULT_PREFERENCES, "reminders": False, "organizerDigest": True}
    assert shown["name"] == user.name
    assert auth_client.get("/users/me").json()["user"]["preferences"] == shown["preferences"]
    stored = User.objects.get(pk=user.pk)
    assert (stored.email_reminders, stored.email_organizer_digest, stored.email_rsvp_updates) == (
        False,
        True,
        True,
    )


def test_a_name_and_preferences_change_together(auth_client):
    response = patch(auth_client, {"name": "Renamed", "preferences": {"rsvpUpdates": False}})

    assert response.json()["user"]["name"] == "Renamed"
    assert response.json()["user"]["preferences"]["rsvpUpdates"] is False


@pytest.mark.parametrize(
    ("preferences", "field"),
    [
        ({"reminders": "maybe"}, "preferences.reminders"),
        ({"reminders": "true"}, "preferences.reminders"),
        ({"reminders": 1}, "preferences.reminders"),
        ({"organizerDigest": {}}, "preferences.organizerDigest"),
        (["reminders"], "preferences.nonFieldErrors"),
        ("off", "preferences.nonFieldErrors"),
    ],
)
def test_a_bad_preference_value_names_the_field(auth_client, user, preferences, field):
    assert_field_errors(patch(auth_client, {"preferences": preferences}), field)
    assert User.objects.get(pk=user.pk).email_reminders is True


@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
def test_preferences_in_a_form_body_are_one_field_holding_json(auth_client, user, multipart):
    body = {"preferences": json.dumps({"reminders": False, "organizerDigest": True})}
    encoded = encode_multipart(BOUNDARY, body) if multipart else urlencode(body)
    content_type = MULTIPART_CONTENT if multipart else "application/x-www-form-urlencoded"

    response = auth_client.patch("/users/me", encoded, content_type=content_type)

    assert response.status_code == 200, response.content
    assert response.json()["user"]["preferences"] == {
        "rsvpUpdates": True,
        "eventChanges": True,
        "reminders": False,
        "organizerDigest": True,
    }


@pytest.mark.parametrize("value", ['{"organizerDigest": {}}', "not json"])
def test_a_bad_preferences_field_in_a_form_body_is_refused(auth_client, user, value):
    response = auth_client.patch(
        "/users/me", encode_multipart(BOUNDARY, {"preferences": value}), content_type=MULTIPART_CONTENT
    )

    assert response.status_code == 400, response.content
    assert User.objects.get(pk=user.pk).email_organizer_digest is False


def unsubscribe_path(user, category: str) -> str:
    return f"/users/email/unsubscribe?token={unsubscribe_token(user, category)}"


def test_the_link_turns_its_category_off_without_login(user):
    response = APIClient().get(unsubscribe_path(user, "event_changes"))

    assert response.status_code == 200, response.content
    assert response.json() == {"message": UNSUBSCRIBED, "preference": "eventChanges"}
    stored = User.objects.get(pk=user.pk)
    assert stored.email_event_changes is False and stored.email_reminders is True


def test_a_browser_following_the_link_gets_a_page(user):
    response = APIClient().get(unsubscribe_path(user, "reminders"), HTTP_ACCEPT="text/html,*/*;q=0.8")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert UNSUBSCRIBED in response.content.decode()
    assert User.objects.get(pk=user.pk).email_reminders is False


def test_a_one_click_post_from_a_mail_client_unsubscribes(user):
    response = APIClient().post(unsubscribe_path(user, "rsvp_updates"), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200, response.content
    assert response.json()["preference"] == "rsvpUpdates"
    assert User.objects.get(pk=user.pk).email_rsvp_updates is False


def test_the_link_in_a_sent_email_unsubscribes(user, mailoutbox, settings):
    settings.PUBLIC_BASE_URL = "https://events.example.com"
    send_email(user=user, template="email_changed", context={}, category="reminders")
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    url = urlsplit(link)
    response = APIClient().post(
        f"{url.path}?{url.query}", {"List-Unsubscribe": "One-Click"}, format="multipart"
    )

    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).email_reminders is False


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("query", ["?token=forged", "?token=", ""])
def test_a_bad_or_missing_token_is_a_400(api_client, method, query):
    response = getattr(api_client, method)(f"/users/email/unsubscribe{query}")

    assert_error(response, 400, "unsubscribe_token_invalid")


def test_a_bad_token_from_a_browser_gets_the_json_error_as_every_error_is(api_client):
    response = api_client.get("/users/email/unsubscribe?token=forged", HTTP_ACCEPT="text/html")

    body = assert_error(response, 400, "unsubscribe_token_invalid")
    assert body["message"] == "The unsubscribe link is invalid."


def test_the_link_of_a_deleted_account_answers_alike(user):
    path = unsubscribe_path(user, "reminders")
    user.delete()

    assert APIClient().get(path).json()["message"] == UNSUBSCRIBED


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_documents_only_its_token_parameter_the_page_comes_by_accept(schema, method):
    operation = schema["paths"]["/users/email/unsubscribe"][method]

    assert [parameter["name"] for parameter in operation["parameters"]] == ["token"]
