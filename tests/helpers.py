"""Assertions shared by the API tests."""

from django.http import HttpResponse


def assert_error(response: HttpResponse, status: int, code: str | None = None) -> dict:
    """The response is a JSON error envelope with this status (and code); returns the body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"message", "code", "errors"}
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["code"], str) and body["code"]
    if code is not None:
        assert body["code"] == code
    return body


def assert_field_errors(response: HttpResponse, *fields: str) -> dict:
    """A 400 envelope naming exactly these fields."""
    body = assert_error(response, 400, "invalid")
    assert set(body["errors"]) == set(fields)
    assert all(body["errors"][field] for field in fields)
    return body["errors"]
