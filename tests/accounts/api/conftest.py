import pytest
from rest_framework.test import APIClient


@pytest.fixture(scope="session")
def schema(django_db_setup, django_db_blocker) -> dict:
    """The OpenAPI document (``/schema``), fetched once: tests only read it."""
    with django_db_blocker.unblock():
        response = APIClient().get("/schema", {"format": "json"})
    assert response.status_code == 200
    return response.json()
