"""Events through form and multipart bodies, and the browsable API's HTML forms for them."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.test.client import encode_multipart

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

MULTIPART = "multipart/form-data; boundary=BoUnDaRy"
URLENCODED = "application/x-www-form-urlencoded"
EVERY_WRITABLE_FIELD = {
    "title": "Form launch",
    "description": "Line one\r\nLine two",
    "date": "2031-06-01T10:00:00Z",
    "endDate": "2031-06-01T12:00:00Z",
    "timezone": "Europe/Paris",
    "location": "Online",
    "status": "draft",
    "visibility": "public",
    "capacity": "25",
}
BODIES = {
    URLENCODED: lambda fields: urlencode(fields),
    MULTIPART: lambda fields: encode_multipart("BoUnDaRy", fields),
}


def page_of(response) -> str:
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    return response.content.decode()


def form_input(page: str, form_id: str, name: str) -> str:
    """The tag of the named input in the HTML form with this id."""
    form = page.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    match = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', form)
    assert match, f"no {name} in {form_id}"
    return match[0]


def selected_options(page: str, form_id: str, name: str) -> list[str]:
    """The values selected in the named list of the HTML form with this id."""
    form = page.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    select = form.split(f'<select class="form-control" name="{name}">', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)"\s*selected>', select)


@pytest.mark.parametrize("content_type", BODIES)
@pytest.mark.parametrize("path", ["/events", "/events/create"])
def test_every_writable_field_of_an_event_can_be_sent_as_a_form(auth_client, content_type, path):
    body = BODIES[content_type](EVERY_WRITABLE_FIELD)

    response = auth_client.generic("POST", path, body, content_type=content_type)

    assert response.status_code == 201, response.content
    event = response.json()["event"]
    assert {key: event[key] for key in EVERY_WRITABLE_FIELD} == {
        **EVERY_WRITABLE_FIELD,
        "date": "2031-06-01T10:00:00.000Z",
        "endDate": "2031-06-01T12:00:00.000Z",
        "capacity": 25,
    }


@pytest.mark.parametrize("content_type", BODIES)
def test_a_form_changes_the_capacity_of_an_event(auth_client, event, content_type):
    body = BODIES[content_type]({"capacity": "7"})

    response = auth_client.generic("PATCH", f"/events/{event.pk}", body, content_type=content_type)

    assert response.status_code == 200, response.content
    assert response.json()["event"]["capacity"] == 7


@pytest.mark.parametrize("content_type", BODIES)
def test_an_empty_capacity_in_a_form_is_no_limit(auth_client, content_type):
    body = BODIES[content_type]({**EVERY_WRITABLE_FIELD, "capacity": ""})

    response = auth_client.generic("POST", "/events", body, content_type=content_type)

    assert response.status_code == 201, response.content
    assert response.json()["event"]["capacity"] is None


def test_a_refused_form_comes_back_with_what_was_typed_and_the_errors_by_their_fields(auth_client):
    fields = {**EVERY_WRITABLE_FIELD, "title": "Kept title", "capacity": "0"}
    body = encode_multipart("BoUnDaRy", fields)

    response = auth_client.generic("POST", "/events", body, content_type=MULTIPART, HTTP_ACCEPT="text/html")

    assert response.status_code == 400
    page = page_of(response)
    assert 'value="Kept title"' in form_input(page, "post-object-form", "title")
    capacity_group = page.split('name="capacity"', 1)[0].rsplit('<div class="form-group', 1)[1]
    assert "has-error" in capacity_group
    assert "Ensure this value is greater than or equal to 1." in page.split('name="capacity"', 1)[1]


def test_a_refused_form_still_answers_the_error_envelope_in_json(auth_client):
    body = urlencode({**EVERY_WRITABLE_FIELD, "capacity": "0"})

    response = auth_client.generic("POST", "/events", body, content_type=URLENCODED)

    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid input.",
        "code": "invalid",
        "errors": {"capacity": ["Ensure this value is greater than or equal to 1."]},
    }


def test_the_edit_forms_on_an_event_page_show_the_event(auth_client, user):
    event = EventFactory(
        created_by=user,
        title="Prefilled",
        description="About it",
        capacity=40,
        date="2031-06-01T08:00:00Z",
        time_zone="Europe/Paris",
    )

    page = page_of(auth_client.get(f"/events/{event.pk}", HTTP_ACCEPT="text/html"))

    assert 'value="Prefilled"' in form_input(page, "put-object-form", "title")
    assert 'value="40"' in form_input(page, "put-object-form", "capacity")
    assert selected_options(page, "put-object-form", "timezone") == ["Europe/Paris"]
    # 08:00 UTC is 10:00 in Paris in June: the form shows the event's own wall time.
    assert 'value="2031-06-01T10:00:00.000"' in form_input(page, "put-object-form", "date")
    description = page.split('id="put-object-form"', 1)[1].split('name="description"', 1)[1]
    assert description.split("</textarea>", 1)[0].endswith(">About it")
    raw = html.unescape(page.split('id="id__content"', 1)[1].split("</textarea>", 1)[0])
    assert '"title": "Prefilled"' in raw


def test_the_raw_form_of_an_event_page_submitted_as_shown_keeps_the_event(auth_client, user):
    event = EventFactory(created_by=user, title="Keep me", capacity=3)
    page = page_of(auth_client.get(f"/events/{event.pk}", HTTP_ACCEPT="text/html"))
    raw = html.unescape(page.split('id="id__content"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0])

    response = auth_client.generic("PUT", f"/events/{event.pk}", raw, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["event"]["title"] == "Keep me"
    assert response.json()["event"]["capacity"] == 3


def test_the_event_form_names_its_fields_for_people(auth_client):
    page = page_of(auth_client.get("/events", HTTP_ACCEPT="text/html"))

    assert "End date" in page
    assert "Enddate" not in page
    assert '<textarea name="description"' in page.split('id="post-object-form"', 1)[1]


def test_the_legacy_create_path_is_a_page_of_its_form_in_the_browsable_api(auth_client):
    response = auth_client.get("/events/create", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    page = page_of(response)
    assert "<title>Create an event" in page
    assert "Create legacy" not in page
    assert 'name="capacity"' in page.split('id="post-object-form"', 1)[1]


def test_the_legacy_create_path_answers_get_with_405_in_json(auth_client):
    response = auth_client.get("/events/create")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
