import bcrypt
import pytest

from accounts.models import User
from tests.factories import UserFactory
from tests.helpers import assert_error, assert_field_errors, login

pytestmark = pytest.mark.django_db

LEGACY_PASSWORD = "legacyPassword123"


@pytest.mark.parametrize("path", ["/users/login", "/users/login/"])
def test_login_answers_the_legacy_shape(api_client, user, path):
    response = login(api_client, user.email, path=path)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"message", "user", "token", "refreshToken"}
    assert body["message"] == "Login successful"
    assert body["user"] == {
        "userId": str(user.pk),
        "name": user.name,
        "email": user.email,
        "emailVerified": False,
    }


def test_login_email_is_case_insensitive(api_client):
    UserFactory(email="mixed@example.com")

    assert login(api_client, "MIXED@Example.COM").status_code == 200


def test_unknown_email_and_wrong_password_fail_identically(api_client, user):
    unknown = assert_error(login(api_client, "nobody@example.com"), 401)
    wrong = assert_error(login(api_client, user.email, "wrong-Password-1"), 401)

    assert unknown == wrong
    assert wrong["code"] == "invalid_credentials"


def test_inactive_user_cannot_log_in(api_client):
    inactive = UserFactory(is_active=False)

    assert_error(login(api_client, inactive.email), 401, "invalid_credentials")


def test_login_without_fields_is_400(api_client):
    assert_field_errors(api_client.post("/users/login", {}, format="json"), "email", "password")


@pytest.mark.parametrize("prefix", [b"2a", b"2b"])
def test_legacy_bcrypt_hash_logs_in_and_is_upgraded(api_client, prefix):
    legacy_hash = bcrypt.hashpw(LEGACY_PASSWORD.encode(), bcrypt.gensalt(rounds=10, prefix=prefix)).decode()
    assert legacy_hash.startswith(f"${prefix.decode()}$10$")
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(password=f"bcrypt${legacy_hash}")

    response = login(api_client, user.email, LEGACY_PASSWORD)

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password.startswith("bcrypt_sha256$")
    assert user.check_password(LEGACY_PASSWORD)
    assert login(api_client, user.email, LEGACY_PASSWORD).status_code == 200


def test_legacy_bcrypt_hash_with_wrong_password_is_401_and_not_upgraded(api_client):
    legacy_hash = "bcrypt$" + bcrypt.hashpw(LEGACY_PASSWORD.encode(), bcrypt.gensalt(rounds=10)).decode()
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(password=legacy_hash)

    assert_error(login(api_client, user.email, "not-the-password"), 401)
    user.refresh_from_db()
    assert user.password == legacy_hash
