"""Fixtures of the accounts tests."""

import pytest
import schemathesis
from rest_framework.test import APIClient


@pytest.fixture(scope="module")
def openapi(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/schema", {"format": "json"})
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())
