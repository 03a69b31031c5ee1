from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts import services, verification
from accounts.api_keys.scopes import ANY_KEY
from accounts.lockout import RegisterLockoutThrottle
from accounts.serializers import (
    AccountDeleteSerializer,
    AuthResponseSerializer,
    LoginSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestSerializer,
    ProfileResponseSerializer,
    RefreshTokenSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    UserUpdateSerializer,
)
from eventsite.api.envelopes import MessageResponseSerializer, message_response
from eventsite.api.schema import error, extend_schema, method_schema
from eventsite.api.throttling import GENERAL_THROTTLES, AuthRateThrottle
from eventsite.api.viewsets import GenericViewSet

PASSWORD_RESET_SENT = "If an account with this email exists, a password reset email has been sent."

# Actions that ignore any credentials sent: a stale token must not block a login or a refresh.
ANONYMOUS = {"permission_classes": [AllowAny], "authentication_classes": []}
# Password guesses: the general rates, and the auth scope's own.
AUTH_THROTTLES = [*GENERAL_THROTTLES, AuthRateThrottle]
PASSWORD_SET = OpenApiResponse(description="Password set; every earlier token of the user stops working.")


class UserViewSet(GenericViewSet):
    """Registration, login, tokens and the caller's own profile (/users/…)."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "auth"
    # API keys read the profile of the user they act for, and do nothing else here.
    api_key_scopes = {"me": ANY_KEY}
    serializer_classes = {
        "register": RegisterSerializer,
        "login": LoginSerializer,
        "refresh": RefreshTokenSerializer,
        "logout": RefreshTokenSerializer,
        "password_reset": PasswordResetRequestSerializer,
        "password_reset_confirm": PasswordResetConfirmSerializer,
        "password_change": PasswordChangeSerializer,
        "update_me": UserUpdateSerializer,
        "delete_me": AccountDeleteSerializer,
    }

    def get_authenticate_header(self, request):
        # Login, register and refresh skip authentication (a stale token must not
        # block them) but their failures are still 401 Bearer, not 403.
        return 'Bearer realm="api"'

    def get_serializer_class(self):
        # The other actions take no body; OPTIONS and the browsable API's forms get the profile's.
        return self.serializer_classes.get(self.action, UserUpdateSerializer)

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action == "delete_me":  # a password guess, like a password change
            throttles.append(AuthRateThrottle())
        return throttles

    @extend_schema(
        request=RegisterSerializer,
        responses={200: AuthResponseSerializer, 409: error(409)},
    )
    @action(
        detail=False,
        methods=["post"],
        throttle_classes=[*AUTH_THROTTLES, RegisterLockoutThrottle],
        **ANONYMOUS,
    )
    def register(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        body = {
            "message": "User registered successfully",
            "user": user,
            "pair": services.token_pair_for(user=user),
        }
        return Response(AuthResponseSerializer(body).data)

    @extend_schema(
        request=LoginSerializer,
        responses={200: AuthResponseSerializer, 401: error(401)},
    )
    @action(detail=False, methods=["post"], throttle_classes=AUTH_THROTTLES, **ANONYMOUS)
    def login(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_login(request=request, **serializer.validated_data)
        body = {"message": "Login successful", "user": user, "pair": services.token_pair_for(user=user)}
        return Response(AuthResponseSerializer(body).data)

    @extend_schema(responses=ProfileResponseSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        body = {"message": "User retrieved successfully", "user": request.user}
        return Response(ProfileResponseSerializer(body).data)

    @me.mapping.patch
    @extend_schema(
        request=UserUpdateSerializer,
        responses=ProfileResponseSerializer,
    )
    def update_me(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification.profile_update(user=request.user, **serializer.validated_data)
        body = {"message": "User updated successfully", "user": request.user}
        return Response(ProfileResponseSerializer(body).data)

    @me.mapping.delete
    @extend_schema(
        request=AccountDeleteSerializer,
        responses={204: OpenApiResponse(description="Account deleted.")},
    )
    @method_schema("accounts.schemas.BodyDeleteSchema")
    def delete_me(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_delete_self(user=request.user, password=serializer.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=RefreshTokenSerializer,
        responses={200: TokenPairSerializer, 401: error(401)},
    )
    @action(detail=False, methods=["post"], url_path="token/refresh", url_name="token-refresh", **ANONYMOUS)
    def refresh(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pair = services.token_refresh(refresh_token=serializer.validated_data["refreshToken"])
        return Response(TokenPairSerializer(pair).data)

    @extend_schema(
        request=RefreshTokenSerializer,
        responses={204: OpenApiResponse(description="Logged out.")},
    )
    @action(detail=False, methods=["post"])
    def logout(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.token_revoke(user=request.user, refresh_token=serializer.validated_data["refreshToken"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=PasswordResetRequestSerializer,
        responses={202: MessageResponseSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="password/reset",
        throttle_classes=AUTH_THROTTLES,
        **ANONYMOUS,
    )
    def password_reset(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_request(**serializer.validated_data)
        return message_response(PASSWORD_RESET_SENT, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=PasswordResetConfirmSerializer,
        responses={204: PASSWORD_SET},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="password/reset/confirm",
        throttle_classes=AUTH_THROTTLES,
        **ANONYMOUS,
    )
    def password_reset_confirm(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.password_reset_confirm(
            user_id=data["userId"], token=data["token"], password=data["password"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={204: PASSWORD_SET},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="me/password",
        url_name="password-change",
        throttle_classes=AUTH_THROTTLES,
    )
    def password_change(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.password_change(
            user=request.user, current_password=data["currentPassword"], new_password=data["newPassword"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="Every earlier token of the user stops working.")},
    )
    @action(detail=False, methods=["post"], url_path="me/logout-all", url_name="logout-all")
    def logout_all(self, request):
        services.tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
