"""The public operations in the OpenAPI document: open to anyone, with their shapes and errors."""

import json

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/public/events",
    "/public/events/{eventId}",
    "/public/events/{eventId}/ics",
    "/public/events.ics",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_a_public_operation_needs_no_credentials_and_documents_its_429(schema, path):
    operation = schema["paths"][path]["get"]

    assert operation["security"] == [{}]
    assert {"200", "429"} <= set(operation["responses"])
    assert "401" not in operation["responses"] and "403" not in operation["responses"]
    assert "Retry-After" in operation["responses"]["429"]["headers"]


@pytest.mark.parametrize("path", ["/public/events/{eventId}", "/public/events/{eventId}/ics"])
def test_a_public_event_operation_documents_its_404(schema, path):
    assert "404" in schema["paths"][path]["get"]["responses"]


def test_the_public_answers_have_their_own_shapes(schema):
    def body(path: str) -> str:
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]
        return content["application/json"]["schema"]["$ref"].rpartition("/")[2]

    assert body("/public/events") == "PaginatedPublicEventList"
    assert body("/public/events/{eventId}") == "PublicEventResponse"
    for path in ("/public/events/{eventId}/ics", "/public/events.ics"):
        assert set(schema["paths"][path]["get"]["responses"]["200"]["content"]) == {"text/calendar"}
    listed = schema["components"]["schemas"]["PaginatedPublicEventList"]["properties"]["events"]
    assert listed["items"]["$ref"] == "#/components/schemas/PublicEvent"


def test_the_public_event_schema_holds_no_people(schema):
    fields = set(schema["components"]["schemas"]["PublicEvent"]["properties"])

    assert {"eventId", "title", "date", "visibility", "spotsLeft"} <= fields
    assert not {"createdBy", "attendeeCount", "myRsvp", "checkedInCount"} & fields


def test_the_event_schema_offers_both_visibilities(schema):
    assert schema["components"]["schemas"]["VisibilityEnum"]["enum"] == ["members", "public"]
    assert schema["components"]["schemas"]["EventRequest"]["properties"]["visibility"]


def test_the_public_list_documents_from_and_to_only_beside_paging(schema):
    parameters = {parameter["name"] for parameter in schema["paths"]["/public/events"]["get"]["parameters"]}

    assert parameters == {"from", "to", "page", "pageSize"}


def test_the_public_operations_descriptions_have_no_angle_brackets(schema):
    documented = json.dumps([schema["paths"][path] for path in PUBLIC_PATHS])
    documented += json.dumps(schema["components"]["schemas"]["PublicEvent"])

    assert "<" not in documented and ">" not in documented
