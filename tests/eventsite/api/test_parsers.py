"""JSON bodies: nesting is capped, so no body makes the parser recurse itself into a 500."""

from urllib.parse import urlencode

import pytest
from django.test.client import encode_multipart

from eventsite.api.parsers import MAX_JSON_DEPTH, JSONParser
from tests.helpers import assert_error, assert_field_errors

pytestmark = pytest.mark.django_db

AUTH_PATHS = ["/users/register", "/users/login"]


def nested_arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


def nested_objects(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def post_json(client, path: str, body: str):
    return client.generic("POST", path, body, content_type="application/json")


@pytest.mark.parametrize("path", AUTH_PATHS)
@pytest.mark.parametrize(
    "body",
    [
        nested_arrays(2000),
        nested_objects(2000),
        '{"email": ' + nested_arrays(2000) + ', "password": "x"}',
        nested_arrays(MAX_JSON_DEPTH + 1),
    ],
    ids=["arrays", "objects", "inside-a-field", "one-level-too-deep"],
)
def test_a_body_nested_deeper_than_the_cap_is_a_400_parse_error(api_client, path, body):
    body = assert_error(post_json(api_client, path, body), 400, "parse_error")

    assert body["message"].startswith("JSON parse error")
    assert str(MAX_JSON_DEPTH) in body["message"]


def test_a_body_nested_exactly_as_deep_as_the_cap_is_parsed_and_validated(api_client):
    name = nested_arrays(MAX_JSON_DEPTH - 1)  # inside the body's object: MAX_JSON_DEPTH in all
    body = '{"name": ' + name + ', "email": "deep@example.com", "password": "A-strong-passphrase-2027!"}'

    assert_field_errors(post_json(api_client, "/users/register", body), "name")


def test_brackets_inside_strings_do_not_count_towards_the_depth(api_client):
    password = '\\"' + "[{" * 60  # an escaped quote first: the string does not end there
    body = '{"email": "nobody@example.com", "password": "' + password + '"}'

    assert_error(post_json(api_client, "/users/login", body), 401)


def test_malformed_json_keeps_drf_s_parse_error(api_client):
    body = assert_error(post_json(api_client, "/users/login", "{not json"), 400, "parse_error")

    assert body["message"].startswith("JSON parse error - ")


def test_a_recursion_error_in_the_decoder_is_a_parse_error_too(api_client, monkeypatch):
    monkeypatch.setattr(JSONParser, "max_depth", 10**6)

    assert_error(post_json(api_client, "/users/login", nested_arrays(100_000)), 400, "parse_error")


@pytest.mark.parametrize(
    ("content_type", "encode"),
    [
        ("multipart/form-data; boundary=BoUnDaRy", lambda fields: encode_multipart("BoUnDaRy", fields)),
        ("application/x-www-form-urlencoded", urlencode),
    ],
    ids=["multipart", "urlencoded"],
)
def test_form_fields_are_never_decoded_as_json(api_client, content_type, encode):
    fields = {
        "name": nested_arrays(2000),
        "email": "form@example.com",
        "password": "A-strong-passphrase-2027!",
    }

    response = api_client.generic("POST", "/users/register", encode(fields), content_type=content_type)

    assert_field_errors(response, "name")
