from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.api_keys import services
from accounts.api_keys.scopes import SCOPE_NAMES

KEYS_PATH = "/users/me/api-keys"


def key_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def make_key(user, *scopes: str, expires_in: timedelta | None = None):
    """An API key of ``user`` (all scopes without any named) and the key itself."""
    expires_at = timezone.now() + expires_in if expires_in else None
    return services.api_key_create(
        user=user, name="CRM sync", scopes=list(scopes or SCOPE_NAMES), expires_at=expires_at
    )


@pytest.fixture
def full_key(user):
    """A key of ``user`` with every scope: (ApiKey, key)."""
    return make_key(user)
