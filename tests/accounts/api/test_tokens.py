import io
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.models import RevokedToken
from tests.factories import RevokedTokenFactory, UserFactory
from tests.helpers import (
    assert_error,
    bearer_client,
    expired_token,
    login,
    refresh,
    refresh_as_access,
    unsigned_token,
    wrongly_signed_token,
)

pytestmark = pytest.mark.django_db


def logout(client, token):
    return client.post("/users/logout", {"refreshToken": token}, format="json")


def me_with(client, authorization: str):
    client.credentials(HTTP_AUTHORIZATION=authorization)
    return client.get("/users/me")


@pytest.mark.parametrize("path", ["/users/token/refresh", "/users/token/refresh/"])
def test_refresh_returns_a_new_working_pair(api_client, user, path):
    old = str(RefreshToken.for_user(user))

    response = api_client.post(path, {"refreshToken": old}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "refreshToken"}
    assert body["refreshToken"] != old
    assert me_with(api_client, f"Bearer {body['token']}").status_code == 200


def test_refresh_token_cannot_be_used_twice(api_client, user):
    old = str(RefreshToken.for_user(user))
    refresh(api_client, old)

    assert_error(refresh(api_client, old), 401, "token_not_valid")


def test_reusing_a_rotated_refresh_token_revokes_its_successors(api_client, user):
    old = str(RefreshToken.for_user(user))
    successor = refresh(api_client, old).json()

    reused = refresh(api_client, old)

    assert "already used" in assert_error(reused, 401, "token_not_valid")["message"]
    assert_error(refresh(api_client, successor["refreshToken"]), 401, "token_not_valid")
    assert me_with(api_client, f"Bearer {successor['token']}").status_code == 401


def test_reusing_a_logged_out_refresh_token_ends_every_session(api_client, auth_client, user):
    stolen = str(RefreshToken.for_user(user))
    logout(auth_client, stolen)
    other_session = login(api_client, user.email).json()

    refresh(api_client, stolen)

    assert_error(refresh(api_client, other_session["refreshToken"]), 401, "token_not_valid")
    assert login(api_client, user.email).status_code == 200


def test_logout_revokes_the_refresh_token(auth_client, user):
    token = str(RefreshToken.for_user(user))

    response = logout(auth_client, token)

    assert response.status_code == 204
    assert response.content == b""
    assert_error(refresh(auth_client, token), 401, "token_not_valid")


@pytest.mark.parametrize("token", ["not-a-token", "", None])
def test_logout_with_an_invalid_refresh_token_is_400(auth_client, token):
    body = assert_error(logout(auth_client, token), 400, "invalid")
    assert "refreshToken" in body["errors"]


def test_logout_with_someone_elses_refresh_token_is_400_and_keeps_it_valid(auth_client, other_user):
    token = str(RefreshToken.for_user(other_user))

    assert_error(logout(auth_client, token), 400, "invalid")
    assert refresh(auth_client, token).status_code == 200


def test_logout_without_a_bearer_token_is_401(api_client, user):
    assert_error(logout(api_client, str(RefreshToken.for_user(user))), 401)


@pytest.mark.parametrize("token", ["garbage", "a.b.c"])
def test_refresh_with_a_malformed_token_is_401(api_client, token):
    assert_error(refresh(api_client, token), 401, "token_not_valid")


@pytest.mark.parametrize("token", [None, "", 42])
def test_refresh_without_a_token_string_is_400(api_client, token):
    body = assert_error(refresh(api_client, token), 400, "invalid")
    assert set(body["errors"]) == {"refreshToken"}


def test_refresh_of_an_access_token_is_401(api_client, user):
    assert_error(refresh(api_client, str(AccessToken.for_user(user))), 401, "token_not_valid")


def test_refresh_for_a_deactivated_user_is_401(api_client):
    user = UserFactory()
    token = str(RefreshToken.for_user(user))
    user.is_active = False
    user.save()

    assert_error(refresh(api_client, token), 401, "token_not_valid")


def test_access_token_carries_an_expiry_of_the_configured_lifetime(api_client, user):
    token = api_client.post(
        "/users/login", {"email": user.email, "password": "correct-Horse-battery-9"}, format="json"
    ).json()["token"]

    claims = jwt.decode(token, settings.SIMPLE_JWT["SIGNING_KEY"], algorithms=["HS256"])
    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()
    assert claims["exp"] - claims["iat"] == lifetime
    assert claims["userId"] == str(user.pk)
    assert claims["token_type"] == "access"


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(lambda user: "", id="missing"),
        pytest.param(lambda user: "Bearer", id="no-token"),
        pytest.param(lambda user: "Bearer a b", id="two-parts"),
        pytest.param(lambda user: "Bearer not.a.jwt", id="malformed"),
        pytest.param(expired_token, id="expired"),
        pytest.param(wrongly_signed_token, id="wrong-signature"),
        pytest.param(unsigned_token, id="alg-none"),
        pytest.param(refresh_as_access, id="refresh-as-access"),
    ],
)
def test_bad_access_tokens_are_401(api_client, user, authorization):
    response = me_with(api_client, authorization(user))

    assert_error(response, 401)
    assert "user" not in response.json()


def test_token_of_a_deactivated_user_is_401(user):
    client = bearer_client(user)
    user.is_active = False
    user.save()

    assert_error(client.get("/users/me"), 401)


def test_token_of_a_deleted_user_is_401(user):
    client = bearer_client(user)
    user.delete()

    assert_error(client.get("/users/me"), 401)


def test_purge_revoked_tokens_deletes_only_expired_rows():
    now = timezone.now()
    expired = RevokedTokenFactory(expires_at=now - timedelta(minutes=1))
    live = RevokedTokenFactory(expires_at=now + timedelta(hours=1))

    out = io.StringIO()
    call_command("purge_revoked_tokens", stdout=out)

    assert set(RevokedToken.objects.values_list("jti", flat=True)) == {live.jti}
    assert not RevokedToken.objects.filter(pk=expired.pk).exists()
    assert "Purged 1 " in out.getvalue()
