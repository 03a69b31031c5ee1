"""The ticket's QR code: ``?format=svg|png`` or the Accept header; an unknown format is a JSON 400."""

from xml.etree import ElementTree

import pytest

from tests.events.tickets.conftest import png_size, rsvp, symbol_size, ticket_of, ticket_path
from tests.factories import EventFactory, UserFactory
from tests.helpers import assert_error, bearer_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(attendee):
    event = EventFactory()
    rsvp(attendee, event)
    return event


def test_format_png_is_the_qr_code_of_the_ticket_code_as_a_png(attendee, event):
    code = ticket_of(attendee, event)["code"]

    response = bearer_client(attendee).get(ticket_path(event), {"format": "png"})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    side = symbol_size(code)
    assert png_size(response.content) == (side, side)


def test_format_svg_is_the_qr_code_as_an_svg_document(attendee, event):
    code = ticket_of(attendee, event)["code"]

    response = bearer_client(attendee).get(ticket_path(event), {"format": "svg"})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    side = symbol_size(code)
    assert (root.get("width"), root.get("height")) == (str(side), str(side))
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


@pytest.mark.parametrize("media_type", ["image/png", "image/svg+xml"])
def test_the_accept_header_chooses_the_image_as_format_does(attendee, event, media_type):
    response = bearer_client(attendee).get(ticket_path(event), HTTP_ACCEPT=media_type)

    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    assert "Accept" in response["Vary"]


def test_format_json_and_no_format_answer_the_same_json(attendee, event):
    client = bearer_client(attendee)

    assert client.get(ticket_path(event), {"format": "json"}).json() == client.get(ticket_path(event)).json()


@pytest.mark.parametrize("format_", ["gif", "html", "svg+xml", "PNG", ""])
def test_an_unknown_format_is_a_json_400_naming_the_formats(attendee, event, format_):
    response = bearer_client(attendee).get(ticket_path(event), {"format": format_})

    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"format": ["Must be one of: json, svg, png."]}


@pytest.mark.parametrize("query", [{}, {"format": "api"}])
def test_the_browsable_api_shows_the_ticket(attendee, event, query):
    code = ticket_of(attendee, event)["code"]

    response = bearer_client(attendee).get(ticket_path(event), query, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert code in response.content.decode()


def test_an_image_nobody_can_render_is_a_json_406(attendee, event):
    assert_error(bearer_client(attendee).get(ticket_path(event), HTTP_ACCEPT="image/gif"), 406)


def test_errors_stay_json_when_an_image_was_asked_for(attendee, event):
    stranger = UserFactory()

    response = bearer_client(stranger).get(ticket_path(event), {"format": "png"})

    assert_error(response, 404, "not_found")


def test_the_schema_documents_the_three_content_types_and_the_format_values(schema):
    operation = schema["paths"]["/events/{eventId}/ticket"]["get"]

    content = operation["responses"]["200"]["content"]
    assert set(content) == {"application/json", "image/svg+xml", "image/png"}
    assert content["application/json"]["schema"]["$ref"] == "#/components/schemas/TicketResponse"
    assert next(iter(schema["components"]["schemas"]["TicketResponse"]["properties"])) == "message"
    (format_,) = [parameter for parameter in operation["parameters"] if parameter["name"] == "format"]
    assert set(format_["schema"]["enum"]) == {"json", "svg", "png"}
    assert {"400", "404", "409"} <= set(operation["responses"])
