"""OpenAPI descriptions of the ``/users/…`` endpoints (see ``eventsite.openapi``)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from accounts.serializers import (
    LoginSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestSerializer,
    RefreshTokenSerializer,
    RegisterSerializer,
    UserProfileSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from eventsite.openapi import envelope, error, message_envelope

AuthResponse = message_envelope(
    "AuthResponse",
    user=UserSerializer(),
    token=serializers.CharField(help_text="Access JWT for `Authorization: Bearer …`."),
    refreshToken=serializers.CharField(help_text="Refresh JWT for `/users/token/refresh`."),
)
TokenPairResponse = envelope("TokenPair", token=serializers.CharField(), refreshToken=serializers.CharField())
ProfileResponse = message_envelope("ProfileResponse", user=UserProfileSerializer())
MessageResponse = message_envelope("MessageResponse")
PASSWORD_SET = OpenApiResponse(description="Password set; every earlier token of the user stops working.")

user_viewset_schema = extend_schema_view(
    register=extend_schema(
        summary="Register a user",
        request=RegisterSerializer,
        responses={200: AuthResponse, 409: error(409)},
    ),
    login=extend_schema(
        summary="Log in with email and password",
        request=LoginSerializer,
        responses={200: AuthResponse, 401: error(401)},
    ),
    me=[
        extend_schema(methods=["GET"], summary="The caller's profile", responses=ProfileResponse),
        extend_schema(
            methods=["PATCH"],
            summary="Change the caller's name",
            request=UserUpdateSerializer,
            responses=ProfileResponse,
        ),
    ],
    refresh=extend_schema(
        summary="Exchange a refresh token for a new pair (the old one is revoked)",
        request=RefreshTokenSerializer,
        responses={200: TokenPairResponse, 401: error(401)},
    ),
    logout=extend_schema(
        summary="Revoke a refresh token",
        request=RefreshTokenSerializer,
        responses={204: OpenApiResponse(description="Logged out.")},
    ),
    password_reset=extend_schema(
        summary="Email a one-time password reset token (same answer whether or not the account exists)",
        request=PasswordResetRequestSerializer,
        responses={202: MessageResponse},
    ),
    password_reset_confirm=extend_schema(
        summary="Set a new password with the emailed userId and token",
        request=PasswordResetConfirmSerializer,
        responses={204: PASSWORD_SET},
    ),
    password_change=extend_schema(
        summary="Change the caller's password",
        request=PasswordChangeSerializer,
        responses={204: PASSWORD_SET},
    ),
)
