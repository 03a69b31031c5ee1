"""Tokens the legacy system signed (HS256, its jwtSecret, the user id in userId, no expiry)."""

import uuid
from datetime import UTC, datetime

import jwt
import pytest

from accounts.services import password_change, tokens_revoke_all
from eventsite.conf.legacy import LegacyTokens
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

SECRET = "legacy-express-jwt-secret-of-32-bytes-or-more"


@pytest.fixture
def legacy_on(settings):
    settings.LEGACY_TOKENS = LegacyTokens(
        secret=SECRET, until=datetime(2999, 1, 1, tzinfo=UTC), user_claim="userId"
    )
    return settings


def legacy_token(user_id, secret=SECRET) -> str:
    return jwt.encode({"userId": str(user_id), "iat": 1700000000}, secret, algorithm="HS256")


def me_with(client, token: str):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get("/users/me")


def test_legacy_token_acts_as_its_user_before_the_date(api_client, user, legacy_on):
    response = me_with(api_client, legacy_token(user.id))
    assert response.status_code == 200, response.content
    assert str(user.id) in response.content.decode()


def test_legacy_token_after_the_date_is_legacy_token_expired(api_client, user, legacy_on):
    legacy_on.LEGACY_TOKENS = LegacyTokens(
        secret=SECRET, until=datetime(2000, 1, 1, tzinfo=UTC), user_claim="userId"
    )
    assert_error(me_with(api_client, legacy_token(user.id)), 401, "legacy_token_expired")


def test_legacy_token_is_refused_after_logout_everywhere(api_client, user, legacy_on):
    tokens_revoke_all(user=user)
    assert_error(me_with(api_client, legacy_token(user.id)), 401)


def test_legacy_token_is_refused_after_a_password_change(api_client, user, legacy_on):
    password_change(user=user, current_password=DEFAULT_PASSWORD, new_password="A-new-passphrase-2027!")
    assert_error(me_with(api_client, legacy_token(user.id)), 401, "token_not_valid")


def test_legacy_tokens_are_refused_by_default(api_client, user):
    assert_error(me_with(api_client, legacy_token(user.id)), 401)


def test_legacy_token_with_a_wrong_secret_is_refused(api_client, user, legacy_on):
    assert_error(me_with(api_client, legacy_token(user.id, secret="x" * 40)), 401, "token_not_valid")


def test_legacy_token_of_an_unknown_user_is_refused(api_client, legacy_on):
    assert_error(me_with(api_client, legacy_token(uuid.uuid4())), 401, "token_not_valid")
