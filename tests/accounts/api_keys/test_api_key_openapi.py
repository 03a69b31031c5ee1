"""API keys in the OpenAPI document: the ``apiKeyAuth`` scheme beside ``jwtAuth``, on exactly the
operations that take a key, each naming its scope; the key routes' components and statuses."""

import pytest

from tests.eventsite.api.test_openapi import operation, response_codes

pytestmark = pytest.mark.django_db

KEYS = "/users/me/api-keys"
KEY = "/users/me/api-keys/{keyId}"


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            yield path, method, op


def test_both_schemes_are_documented(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["jwtAuth"]["scheme"] == "bearer"
    assert schemes["apiKeyAuth"]["type"] == "apiKey"
    assert schemes["apiKeyAuth"]["in"] == "header"
    assert schemes["apiKeyAuth"]["name"] == "Authorization"


@pytest.mark.parametrize(
    ("path", "method", "scope"),
    [
        ("/events", "get", "events:read"),
        ("/events", "post", "events:write"),
        ("/events/{eventId}/rsvp", "post", "rsvps:write"),
        ("/events/{eventId}/checkin", "post", "checkin:write"),
        ("/events/{eventId}/ticket", "get", "rsvps:read"),
        ("/users/me/webhooks", "post", "webhooks:write"),
        ("/users/me", "get", "any"),
    ],
)
def test_an_operation_that_takes_a_key_lists_the_scheme_and_names_its_scope(schema, path, method, scope):
    op = operation(schema, path, method)
    assert {"apiKeyAuth": []} in op["security"]
    assert {"jwtAuth": []} in op["security"]
    assert op["x-api-key-scope"] == scope


@pytest.mark.parametrize(
    ("path", "method"),
    [
        (KEYS, "get"),
        (KEYS, "post"),
        (KEY, "get"),
        (KEY, "delete"),
        ("/users/me", "patch"),
        ("/users/me", "delete"),
        ("/users/me/password", "post"),
        ("/users/me/export", "get"),
        ("/users/me/calendar-key", "get"),
        ("/users/logout", "post"),
    ],
)
def test_an_account_operation_does_not_take_a_key(schema, path, method):
    op = operation(schema, path, method)
    assert {"apiKeyAuth": []} not in op["security"]
    assert "x-api-key-scope" not in op


def test_every_operation_that_takes_a_key_documents_its_scope_and_the_403_of_a_key_without_it(schema):
    taking = [
        (path, method, op)
        for path, method, op in operations(schema)
        if {"apiKeyAuth": []} in op.get("security", [])
    ]
    assert len(taking) > 20
    for path, method, op in taking:
        assert op["x-api-key-scope"], (path, method)
        if op["x-api-key-scope"] != "any":
            assert "scope_missing" in op["responses"]["403"]["description"], (path, method)


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        (KEYS, "get", {"200", "401", "406", "429"}),
        (KEYS, "post", {"201", "400", "401", "403", "406", "409", "413", "415", "429", "503"}),
        (KEY, "get", {"200", "401", "404", "406", "429"}),
        (KEY, "delete", {"204", "401", "403", "404", "406", "429", "503"}),
    ],
)
def test_the_key_routes_document_every_status(schema, path, method, codes):
    assert response_codes(schema, path, method) == codes


def test_the_create_answer_holds_the_key_and_the_others_do_not(schema):
    components = schema["components"]["schemas"]
    assert "key" in components["ApiKeyWithSecret"]["properties"]
    assert "key" not in components["ApiKey"]["properties"]
    assert "secretHash" not in components["ApiKey"]["properties"]
