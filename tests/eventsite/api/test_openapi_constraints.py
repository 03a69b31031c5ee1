"""The OpenAPI document states what the API enforces: lengths, patterns, enums, empty values, statuses.

Schemathesis (``make fuzz``) generates requests from these; each test here is a disagreement it found.
"""

import re

import pytest
from rest_framework.test import APIClient

from tests.factories import EventFactory
from tests.helpers import bearer_client

pytestmark = pytest.mark.django_db

LIST_FILTERS = ["q", "from", "to", "location", "createdBy", "status", "hasSpots", "ordering"]


def parameters(schema: dict, path: str, method: str = "get") -> dict:
    return {p["name"]: p for p in schema["paths"][path][method]["parameters"]}


def component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]


def request_schema_name(schema: dict, path: str, method: str, media_type: str) -> str:
    ref = schema["paths"][path][method]["requestBody"]["content"][media_type]["schema"]["$ref"]
    return ref.rpartition("/")[2]


@pytest.mark.parametrize("path", ["/events", "/events/all"])
def test_every_list_filter_allows_the_empty_value_the_filter_ignores(schema, path, auth_client):
    documented = parameters(schema, path)

    assert all(documented[name].get("allowEmptyValue") is True for name in LIST_FILTERS)
    assert auth_client.get(path, dict.fromkeys(LIST_FILTERS, "")).status_code == 200


def test_text_filters_document_their_length_limits(schema):
    documented = parameters(schema, "/events")

    assert documented["q"]["schema"]["maxLength"] == 200
    assert documented["location"]["schema"]["maxLength"] == 255


@pytest.mark.parametrize("name", ["q", "location"])
def test_text_filters_document_that_they_refuse_the_null_character(schema, name, auth_client):
    pattern = parameters(schema, "/events")[name]["schema"]["pattern"]

    assert not re.search(pattern, "a\x00b")
    assert re.search(pattern, "rome")
    assert auth_client.get("/events", {name: "a\x00b"}).status_code == 400


def test_created_by_is_documented_as_me_or_a_uuid(schema):
    assert parameters(schema, "/events")["createdBy"]["schema"] == {
        "anyOf": [{"type": "string", "enum": ["me"]}, {"type": "string", "format": "uuid"}]
    }


@pytest.mark.parametrize("name", ["from", "to"])
def test_date_filters_document_the_bare_dates_they_take(schema, name, auth_client):
    formats = {option["format"] for option in parameters(schema, "/events")[name]["schema"]["anyOf"]}

    assert formats == {"date-time", "date"}
    assert auth_client.get("/events", {name: "2030-01-31"}).status_code == 200


def test_page_size_documents_a_cap_not_a_maximum(schema, auth_client, user):
    page_size = parameters(schema, "/events")["pageSize"]

    assert page_size["schema"] == {"type": "integer", "minimum": 1}
    assert "500" in page_size["description"]
    assert auth_client.get("/events", {"pageSize": 501}).status_code == 200


@pytest.mark.parametrize(
    ("path", "method"), [("/events/{eventId}/attendees", "get"), ("/users/me/rsvps", "get")]
)
def test_paginated_lists_document_the_400_of_a_malformed_page_size(schema, path, method):
    assert "400" in schema["paths"][path][method]["responses"]


def test_reading_a_legacy_route_as_an_event_documents_its_405(schema):
    assert "405" in schema["paths"]["/events/{eventId}"]["get"]["responses"]
    assert bearer_client(EventFactory().created_by).get("/events/create").status_code == 405


@pytest.mark.parametrize("field", ["title", "description", "location"])
def test_event_text_patterns_refuse_control_characters_as_the_api_does(schema, field, auth_client):
    documented = component(schema, "EventRequest")["properties"][field]
    options = [documented, *documented.get("oneOf", [])]
    pattern = next(option["pattern"] for option in options if "pattern" in option)
    body = {"title": "T", "date": "2031-01-01T00:00:00Z", field: "bell\x07"}

    assert not re.search(pattern, "bell\x07")
    assert re.search(pattern, "Tab\tand\nnewline")
    assert auth_client.post("/events", body, format="json").status_code == 400


@pytest.mark.parametrize(
    ("component_name", "field"), [("EventRequest", "title"), ("RegisterRequest", "name")]
)
def test_trimmed_required_text_must_hold_more_than_whitespace(schema, component_name, field):
    pattern = component(schema, component_name)["properties"][field]["pattern"]

    assert not re.search(pattern, "   ")
    assert re.search(pattern, " Ada ")


def test_password_pattern_refuses_the_null_character_as_the_api_does(schema):
    pattern = component(schema, "LoginRequest")["properties"]["password"]["pattern"]
    body = {"email": "a@example.com", "password": "x\x00"}
    response = APIClient().post("/users/login", body, format="json")

    assert not re.search(pattern, "x\x00")
    assert response.status_code == 400


def test_timezone_is_documented_as_the_names_the_api_takes(schema, auth_client):
    timezone = component(schema, "EventRequest")["properties"]["timezone"]
    refs = [option["$ref"].rpartition("/")[2] for option in timezone["oneOf"]]
    names = component(schema, refs[0])["enum"]
    body = {"title": "T", "date": "2031-01-01T00:00:00Z"}

    assert "Europe/Berlin" in names and "Mars/Olympus" not in names
    assert auth_client.post("/events", {**body, "timezone": "Mars/Olympus"}, format="json").status_code == 400


def test_request_bodies_are_json_only_but_where_a_file_or_a_mail_client_form_is_sent(schema):
    media_types = {
        (method.upper(), path): set(operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }

    assert media_types.pop(("PUT", "/events/{eventId}/image")) == {"multipart/form-data"}
    assert media_types.pop(("POST", "/users/email/unsubscribe")) == {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }
    assert set(map(frozenset, media_types.values())) == {frozenset({"application/json"})}
    assert "anyOf" not in component(schema, "EventRequest")["properties"]["capacity"]


def test_patch_of_the_profile_documents_name_as_optional(schema, auth_client):
    patched = component(schema, request_schema_name(schema, "/users/me", "patch", "application/json"))

    assert "required" not in patched
    assert auth_client.patch("/users/me", {}, format="json").status_code == 200


BOUNDED_PATTERN = re.compile(r"\{\d+,\d+\}\$$")


def test_every_text_query_and_path_parameter_documents_a_length_limit(schema):
    unbounded = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] in ("query", "path")
        and parameter["schema"].get("type") == "string"
        and not {"maxLength", "enum", "format"} & parameter["schema"].keys()
        and not BOUNDED_PATTERN.search(parameter["schema"].get("pattern", ""))
    ]

    assert unbounded == []


@pytest.mark.parametrize("path", ["/events/{eventId}/checkin/{code}", "/events/{eventId}/team/{userId}"])
def test_a_path_id_past_its_documented_length_is_not_found(schema, path, auth_client, user):
    name = path.rpartition("{")[2].rstrip("}")
    method = next(iter(schema["paths"][path]))
    limit = int(re.search(r"\{\d+,(\d+)\}", parameters(schema, path, method)[name]["schema"]["pattern"])[1])
    url = path.replace("{eventId}", str(EventFactory(created_by=user).pk)).replace(
        f"{{{name}}}", "a" * (limit + 1)
    )

    response = getattr(auth_client, method)(url)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unsubscribe_token_past_the_documented_length_is_refused_like_a_wrong_one(schema):
    limit = parameters(schema, "/users/email/unsubscribe")["token"]["schema"]["maxLength"]

    response = APIClient().get("/users/email/unsubscribe", {"token": "a" * (limit + 1)})

    assert response.status_code == 400
    assert response.json()["code"] == "unsubscribe_token_invalid"
