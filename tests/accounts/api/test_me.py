import re
from datetime import UTC, datetime

import pytest

from accounts.models import User
from tests.factories import UserFactory
from tests.helpers import DEFAULT_PREFERENCES, assert_error, assert_field_errors, bearer_client

pytestmark = pytest.mark.django_db

ISO_UTC_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.mark.parametrize("path", ["/users/me", "/users/me/"])
def test_me_returns_the_profile_with_created_at_in_utc(path):
    user = UserFactory(created_at=datetime(2024, 3, 1, 12, 30, 45, 678901, tzinfo=UTC))

    response = bearer_client(user).get(path)

    assert response.status_code == 200
    assert response.json() == {
        "message": "User retrieved successfully",
        "user": {
            "userId": str(user.pk),
            "name": user.name,
            "email": user.email,
            "emailVerified": False,
            "createdAt": "2024-03-01T12:30:45.678Z",
            "pendingEmail": None,
            "preferences": DEFAULT_PREFERENCES,
        },
    }


def test_me_created_at_of_a_new_user_is_iso_utc_with_milliseconds(auth_client):
    assert ISO_UTC_MS.match(auth_client.get("/users/me").json()["user"]["createdAt"])


def test_patch_me_changes_the_name(auth_client, user):
    response = auth_client.patch("/users/me", {"name": "New Name"}, format="json")

    assert response.status_code == 200
    assert response.json()["user"]["name"] == "New Name"
    assert User.objects.get(pk=user.pk).name == "New Name"


def test_patch_me_cannot_change_the_email(auth_client, user):
    auth_client.patch("/users/me", {"name": "New Name", "email": "evil@example.com"}, format="json")

    assert User.objects.get(pk=user.pk).email == user.email


@pytest.mark.parametrize("body", [{"name": ""}, {"name": 123}, {"name": "x" * 151}])
def test_patch_me_with_an_invalid_name_is_400(auth_client, user, body):
    assert_field_errors(auth_client.patch("/users/me", body, format="json"), "name")
    assert User.objects.get(pk=user.pk).name == user.name


@pytest.mark.parametrize("method", ["get", "patch"])
def test_me_without_a_token_is_401(api_client, method):
    response = getattr(api_client, method)("/users/me", {"name": "x"}, format="json")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
