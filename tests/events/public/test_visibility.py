"""``visibility`` on events: written through the API, the browsable API's form and the admin."""

import pytest
from django.test import Client

from events.models import Event
from tests.events.admin_forms import CHANGELIST, change_form, change_path
from tests.factories import DEFAULT_PASSWORD, EventFactory
from tests.helpers import assert_error, assert_field_errors

pytestmark = pytest.mark.django_db

NEW = {"title": "Meetup", "date": "2031-01-01T10:00:00Z"}


def test_a_new_event_is_for_members_unless_made_public(auth_client):
    members = auth_client.post("/events", NEW, format="json")
    public = auth_client.post("/events", {**NEW, "visibility": "public"}, format="json")

    assert members.status_code == public.status_code == 201
    assert members.json()["event"]["visibility"] == "members"
    assert public.json()["event"]["visibility"] == "public"
    assert Event.objects.get(pk=public.json()["event"]["eventId"]).visibility == Event.Visibility.PUBLIC


def test_the_legacy_create_path_takes_visibility_too(auth_client):
    response = auth_client.post("/events/create", {**NEW, "visibility": "public"}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["event"]["visibility"] == "public"


@pytest.mark.parametrize("method", ["patch", "put"])
def test_the_owner_changes_an_events_visibility(auth_client, event, method):
    response = getattr(auth_client, method)(
        f"/events/{event.pk}", {**NEW, "visibility": "public"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["event"]["visibility"] == "public"
    assert Event.objects.get(pk=event.pk).visibility == Event.Visibility.PUBLIC


def test_a_put_without_visibility_keeps_it(auth_client, user):
    event = EventFactory(created_by=user, visibility=Event.Visibility.PUBLIC)

    response = auth_client.put(f"/events/{event.pk}", NEW, format="json")

    assert response.json()["event"]["visibility"] == "public"


@pytest.mark.parametrize("value", ["everyone", "", None, 1, ["public"], "PUBLIC"])
def test_an_unknown_visibility_is_a_400_naming_it(auth_client, event, value):
    response = auth_client.patch(f"/events/{event.pk}", {"visibility": value}, format="json")

    assert_field_errors(response, "visibility")
    assert Event.objects.get(pk=event.pk).visibility == Event.Visibility.MEMBERS


def test_an_unknown_visibility_is_refused_on_create(auth_client):
    assert_field_errors(
        auth_client.post("/events", {**NEW, "visibility": "world"}, format="json"), "visibility"
    )
    assert not Event.objects.exists()


def test_another_user_cannot_make_an_event_public(event, other_user):
    from tests.helpers import bearer_client

    response = bearer_client(other_user).patch(f"/events/{event.pk}", {"visibility": "public"}, format="json")

    assert_error(response, 403)
    assert Event.objects.get(pk=event.pk).visibility == Event.Visibility.MEMBERS


def test_the_event_list_shows_visibility(auth_client, event):
    assert auth_client.get("/events").json()["events"][0]["visibility"] == "members"


def test_the_browsable_api_form_offers_visibility_with_members_preselected(client, user, event):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)

    response = client.get(f"/events/{event.pk}", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="visibility"' in content
    assert '<option value="public"' in content


def test_the_browsable_api_form_makes_an_event_public(client: Client, user):
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)
    form = {"title": "From the form", "date": "2031-01-01T10:00", "visibility": "public"}

    response = client.post("/events", form, HTTP_ACCEPT="application/json")

    assert response.status_code == 201, response.content
    assert response.json()["event"]["visibility"] == "public"


# The admin


def test_the_admin_list_shows_and_filters_visibility(admin_site_client):
    EventFactory(title="Open day", visibility=Event.Visibility.PUBLIC)
    EventFactory(title="Members day")

    listed = admin_site_client.get(CHANGELIST).content.decode()
    public = admin_site_client.get(CHANGELIST + "?visibility__exact=public").content.decode()
    members = admin_site_client.get(CHANGELIST + "?visibility__exact=members").content.decode()

    assert "column-visibility" in listed and "visibility__exact=public" in listed
    assert "Open day" in public and "Members day" not in public
    assert "Members day" in members and "Open day" not in members


def test_the_admin_change_form_edits_visibility_and_retires_public_copies(
    admin_site_client, api_client, event
):
    assert api_client.get(f"/public/events/{event.pk}").status_code == 404

    response = admin_site_client.post(change_path(event), change_form(event, visibility="public"))

    assert response.status_code == 302, response.content
    assert Event.objects.get(pk=event.pk).visibility == Event.Visibility.PUBLIC
    assert api_client.get(f"/public/events/{event.pk}").status_code == 200


def test_the_admin_add_form_offers_visibility(admin_site_client):
    content = admin_site_client.get(f"{CHANGELIST}add/").content.decode()

    assert 'name="visibility"' in content
