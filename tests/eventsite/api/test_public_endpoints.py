"""The public endpoints: documented without credentials, and a stale token changes nothing."""

import pytest

from tests.eventsite.api.test_openapi import operation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/health", "/health/ready", "/public/events"])
def test_public_endpoints_are_documented_public_and_ignore_a_stale_token(schema, path, api_client):
    documented = operation(schema, path, "get")

    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = api_client.get(path)

    assert documented["security"] == [{}]
    assert "401" not in documented["responses"]
    assert response.status_code in (200, 503)
