"""Refresh and logout called directly: a bad token is a domain error, reuse logs out everywhere."""

import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services
from accounts.models import RevokedToken
from eventsite.runtime.errors import InvalidCredentials, InvalidInput, InvalidToken

pytestmark = pytest.mark.django_db


def test_refresh_with_a_malformed_token_raises_invalid_token():
    with pytest.raises(InvalidToken) as raised:
        services.token_refresh(refresh_token="not-a-jwt")

    assert raised.value.code == "token_not_valid"
    assert raised.value.message == "Refresh token is invalid or expired."


def test_invalid_token_is_a_kind_of_invalid_credentials():
    assert issubclass(InvalidToken, InvalidCredentials)


def test_refresh_with_a_token_of_an_inactive_user_raises_invalid_token(user):
    refresh = services.token_pair_for(user=user).refresh
    user.is_active = False
    user.save(update_fields=["is_active"])

    with pytest.raises(InvalidToken) as raised:
        services.token_refresh(refresh_token=refresh)

    assert raised.value.message == "Refresh token is invalid or expired."
    assert not RevokedToken.objects.exists()


def test_refresh_token_used_twice_raises_invalid_token_and_ends_every_session(user):
    first = services.token_pair_for(user=user).refresh
    successor = services.token_refresh(refresh_token=first).refresh

    with pytest.raises(InvalidToken) as raised:
        services.token_refresh(refresh_token=first)

    assert raised.value.message == services.REFRESH_TOKEN_REUSED
    user.refresh_from_db()
    assert user.tokens_valid_after is not None
    with pytest.raises(InvalidToken):
        services.token_refresh(refresh_token=successor)


def test_logout_with_a_malformed_token_raises_invalid_input_naming_refresh_token(user):
    with pytest.raises(InvalidInput) as raised:
        services.token_revoke(user=user, refresh_token="not-a-jwt")

    assert raised.value.errors == {"refreshToken": ["Refresh token is invalid or expired."]}


def test_logout_with_another_users_token_raises_invalid_input_and_revokes_nothing(user, other_user):
    with pytest.raises(InvalidInput) as raised:
        services.token_revoke(user=user, refresh_token=str(RefreshToken.for_user(other_user)))

    assert raised.value.errors == {"refreshToken": ["This refresh token is not yours."]}
    assert not RevokedToken.objects.exists()
