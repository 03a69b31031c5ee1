"""The OpenAPI document describes check-in as the API answers it."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_events_check_in_count_is_documented_as_optional(schema):
    event = schema["components"]["schemas"]["Event"]

    assert event["properties"]["checkedInCount"]["type"] == "integer"
    assert "checkedInCount" not in event["required"]
    assert "myRsvp" in event["required"]


def test_each_attendee_documents_when_they_checked_in(schema):
    attendee = schema["components"]["schemas"]["Attendee"]

    assert attendee["properties"]["checkedInAt"]["nullable"] is True
    assert "checkedInAt" in attendee["required"]


def test_both_check_in_routes_document_their_refusals(schema):
    post = schema["paths"]["/events/{eventId}/checkin"]["post"]["responses"]
    delete = schema["paths"]["/events/{eventId}/checkin/{code}"]["delete"]["responses"]

    assert {"200", "400", "401", "403", "404", "409"} <= set(post)
    assert {"204", "401", "403", "404", "409"} <= set(delete)
    assert "already_checked_in" in post["409"]["description"]
    assert "checkedInAt" in post["409"]["description"]
    assert "not_checked_in" in delete["409"]["description"]


def test_the_check_in_bodies_keep_their_component_names(schema):
    # Beside tests/eventsite/api/test_openapi.py's pins, which is at its module size limit.
    operation = schema["paths"]["/events/{eventId}/checkin"]["post"]
    components = schema["components"]["schemas"]

    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TicketCodeRequest"
    }
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CheckInResponse"
    }
    assert list(components["CheckInResponse"]["properties"]) == ["message", "checkIn"]
    assert set(components["CheckIn"]["properties"]) == {"code", "checkedInAt", "attendee", "checkedInBy"}
