"""The team routes in the OpenAPI document: their components by name, their enums, every status."""

import pytest

from tests.eventsite.api.test_openapi import json_schema_ref, operation, response_codes

pytestmark = pytest.mark.django_db

TEAM = "/events/{eventId}/team"
MEMBER = "/events/{eventId}/team/{userId}"
WRITE_ERRORS = {"400", "401", "403", "404", "406", "409", "413", "415", "429", "503"}


@pytest.mark.parametrize(
    ("path", "method", "component"),
    [(TEAM, "post", "TeamMemberAddRequest"), (MEMBER, "patch", "PatchedTeamMemberRoleRequest")],
)
def test_team_writes_document_their_request_body(schema, path, method, component):
    body = operation(schema, path, method)["requestBody"]
    assert json_schema_ref(body) == f"#/components/schemas/{component}"


@pytest.mark.parametrize(
    ("path", "method", "status", "component"),
    [
        (TEAM, "get", "200", "TeamResponse"),
        (TEAM, "post", "201", "TeamMemberResponse"),
        (MEMBER, "patch", "200", "TeamMemberResponse"),
        ("/users/me/events", "get", "200", "PaginatedMyTeamEventList"),
    ],
)
def test_team_success_bodies_keep_their_component_names(schema, path, method, status, component):
    response = operation(schema, path, method)["responses"][status]
    assert json_schema_ref(response) == f"#/components/schemas/{component}"
    assert next(iter(schema["components"]["schemas"][component]["properties"])) == "message"


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        (TEAM, "get", {"200", "401", "403", "404", "406", "429"}),
        (TEAM, "post", {"201", *WRITE_ERRORS}),
        (MEMBER, "patch", {"200", *WRITE_ERRORS}),
        (MEMBER, "delete", {"204", "401", "403", "404", "406", "409", "429", "503"}),
        ("/users/me/events", "get", {"200", "400", "401", "403", "404", "406", "429"}),
    ],
)
def test_every_status_a_team_route_can_answer_is_documented(schema, path, method, codes):
    assert response_codes(schema, path, method) == codes


def test_team_roles_are_documented_as_their_enums(schema):
    components = schema["components"]["schemas"]
    assert components["TeamRoleEnum"]["enum"] == ["owner", "organizer", "checker"]
    assert components["TeamMemberRoleEnum"]["enum"] == ["organizer", "checker"]
    assert components["MyTeamEvent"]["properties"]["myRole"] == {
        "allOf": [{"$ref": "#/components/schemas/TeamRoleEnum"}],
        "readOnly": True,
        "description": "Your role in the event's team.",
    }
    role = {p["name"]: p for p in operation(schema, "/users/me/events", "get")["parameters"]}["role"]
    assert set(role["schema"]["enum"]) == {"owner", "organizer", "checker"}
