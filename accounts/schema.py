"""OpenAPI descriptions of the ``/users/…`` endpoints (see ``eventsite.api.openapi``)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from accounts.serializers import (
    AccountDeleteSerializer,
    LoginSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestSerializer,
    RefreshTokenSerializer,
    RegisterSerializer,
    UserDataExportSerializer,
    UserProfileSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from eventsite.api.openapi import AutoSchema, envelope, error, message_envelope

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


class BodyDeleteSchema(AutoSchema):
    """A DELETE that takes a JSON body (``DELETE /users/me`` and its password), documented as such.

    drf-spectacular documents bodies of POST, PUT and PATCH only; the body brings the
    errors of one too (400, 413, 415).
    """

    def _get_request_body(self, direction="request"):
        method, self.method = self.method, "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = method

    def _error_statuses(self) -> set[int]:
        return super()._error_statuses() | {400, 413, 415}


def account_delete_schema(view_method):
    view_method.schema = BodyDeleteSchema
    return extend_schema(
        summary="Delete the caller's account, confirmed by the password",
        description="As the admin deletes users: the user's events and RSVPs go with the account, the "
        "seats they held go to the waitlists. Every token of the user then answers 401.",
        request=AccountDeleteSerializer,
        responses={204: OpenApiResponse(description="Account deleted.")},
    )(view_method)


UserDataExportResponse = message_envelope("UserDataExportResponse", export=UserDataExportSerializer())

data_export_schema = extend_schema(
    summary="Everything stored about the caller, as JSON",
    description="Profile, events created (drafts too), RSVPs, calendar feed key, idempotency keys with "
    "their stored answers, revoked tokens and admin changes. Never cached (`Cache-Control: no-store`).",
    responses={200: UserDataExportResponse},
)

logout_all_schema = extend_schema(
    summary="Log out everywhere",
    description="Every access and refresh token issued to the caller so far, and every session, stops "
    "working; log in again for new ones.",
    request=None,
    responses={204: OpenApiResponse(description="Every earlier token of the user stops working.")},
)
