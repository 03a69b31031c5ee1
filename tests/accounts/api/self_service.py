"""Helpers of the account self-service tests (test_self_service*.py)."""

import requests
from rest_framework.test import APIClient
from schemathesis.core.transport import Response as SchemathesisResponse

from tests.factories import DEFAULT_PASSWORD
from tests.helpers import login

SELF_SERVICE = [("delete", "/users/me"), ("get", "/users/me/export"), ("post", "/users/me/logout-all")]


def delete_account(client: APIClient, password=DEFAULT_PASSWORD):
    body = {} if password is None else {"password": password}
    return client.delete("/users/me", body, format="json")


def export(client: APIClient) -> dict:
    response = client.get("/users/me/export")
    assert response.status_code == 200, response.content
    return response.json()["export"]


def with_bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def logged_in(user) -> tuple[APIClient, str]:
    """A client with the access token of a real login, and that login's refresh token."""
    body = login(APIClient(), user.email).json()
    return with_bearer(body["token"]), body["refreshToken"]


def assert_conforms(openapi, response, method: str, path: str) -> None:
    """The answer is one the schema documents: status, content type and body (the fuzzer's checks)."""
    assert str(response.status_code) in openapi.raw_schema["paths"][path][method]["responses"]
    request = requests.Request(method.upper(), f"http://testserver{path}").prepare()
    headers = {name: [value] for name, value in response.items()}
    answer = SchemathesisResponse(response.status_code, headers, response.content, request, 0.0, True)
    openapi[path][method.upper()].validate_response(answer)
