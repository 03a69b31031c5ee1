import re

import pytest

pytestmark = pytest.mark.django_db

LEGACY_OPERATIONS = {
    ("post", "/users/register"): "registerUser",
    ("post", "/users/login"): "loginUser",
    ("get", "/users/me"): "getMe",
    ("post", "/events/create"): "createEvent",
    ("get", "/events/all"): "listAllEvents",
    ("get", "/events/{eventId}"): "getEvent",
}


def operation_ids(schema: dict) -> dict:
    return {
        (method, path): operation["operationId"]
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def test_every_operation_id_is_a_unique_camel_case_name(schema):
    ids = list(operation_ids(schema).values())

    assert len(ids) == len(set(ids))
    assert not [name for name in ids if not re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", name)]


def test_the_legacy_operations_keep_their_names(schema):
    assert LEGACY_OPERATIONS.items() <= operation_ids(schema).items()


def test_the_session_cookie_is_no_security_scheme(schema):
    operations = [op for ops in schema["paths"].values() for op in ops.values()]

    assert "cookieAuth" not in schema["components"]["securitySchemes"]
    assert not [op for op in operations if any("cookieAuth" in scheme for scheme in op["security"])]


def test_the_api_root_takes_anonymous_callers_and_optional_credentials(schema):
    assert {} in schema["paths"]["/"]["get"]["security"]


@pytest.mark.parametrize(
    "path", ["/health", "/health/ready", "/public/events", "/users/register", "/users/login"]
)
def test_public_endpoints_take_no_credentials(schema, path):
    method = "post" if path.startswith("/users") else "get"

    assert schema["paths"][path][method]["security"] == [{}]


def test_the_description_points_at_the_changelog_and_the_versioning_policy(schema):
    assert "CHANGELOG.md" in schema["info"]["description"]
    assert "docs/versioning.md" in schema["info"]["description"]


def test_the_bearer_scheme_says_where_a_token_comes_from(schema):
    description = schema["components"]["securitySchemes"]["jwtAuth"]["description"]

    assert "POST /users/login" in description
    assert "POST /users/token/refresh" in description


def test_every_operation_has_a_summary_and_no_internal_notes(schema):
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    text = str(schema)

    assert all(op.get("summary") for op in operations)
    assert "selectors" not in text
    assert "prefetched" not in text


def test_each_summary_follows_the_operation_id_or_the_description_as_drf_spectacular_writes_it(schema):
    """The summaries come from ``OPERATIONS``, not the views; where they sit keeps the document's
    diffs (and clients' snapshots of it) to what changed."""
    misplaced = [
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if list(operation)[list(operation).index("summary") - 1] not in ("operationId", "description")
    ]

    assert misplaced == []
