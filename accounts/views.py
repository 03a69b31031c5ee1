from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts import selectors, services
from accounts.lockout import RegisterLockoutThrottle
from accounts.schema import account_delete_schema, data_export_schema, logout_all_schema, user_viewset_schema
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
from eventsite.api.throttling import GENERAL_THROTTLES, AuthRateThrottle

PASSWORD_RESET_SENT = "If an account with this email exists, a password reset email has been sent."


def _anonymous_post(url_path: str, url_name: str, *throttles):
    """A throttled POST action that ignores any credentials sent (a stale token must not block it)."""
    return action(
        detail=False,
        methods=["post"],
        url_path=url_path,
        url_name=url_name,
        permission_classes=[AllowAny],
        throttle_classes=[*GENERAL_THROTTLES, AuthRateThrottle, *throttles],
        authentication_classes=[],
    )


def _auth_payload(message: str, user) -> dict:
    pair = services.token_pair_for(user=user)
    return {
        "message": message,
        "user": UserSerializer(user).data,
        "token": pair.access,
        "refreshToken": pair.refresh,
    }


@user_viewset_schema
class UserViewSet(viewsets.GenericViewSet):
    """Registration, login, tokens and the caller's own profile (/users/…)."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "auth"

    def get_authenticate_header(self, request):
        # Login, register and refresh skip authentication (a stale token must not
        # block them) but their failures are still 401 Bearer, not 403.
        return 'Bearer realm="api"'

    def get_serializer_class(self):
        return {
            "register": RegisterSerializer,
            "login": LoginSerializer,
            "refresh": RefreshTokenSerializer,
            "logout": RefreshTokenSerializer,
            "password_reset": PasswordResetRequestSerializer,
            "password_reset_confirm": PasswordResetConfirmSerializer,
            "password_change": PasswordChangeSerializer,
        }.get(self.action, UserUpdateSerializer)

    def _validated(self, request) -> dict:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @_anonymous_post("register", "register", RegisterLockoutThrottle)
    def register(self, request):
        user = services.user_register(**self._validated(request))
        return Response(_auth_payload("User registered successfully", user))

    @_anonymous_post("login", "login")
    def login(self, request):
        user = services.user_login(request=request, **self._validated(request))
        return Response(_auth_payload("Login successful", user))

    @action(detail=False, methods=["get", "patch"])
    def me(self, request):
        if request.method == "PATCH":
            services.user_update(user=request.user, **self._validated(request))
            message = "User updated successfully"
        else:
            message = "User retrieved successfully"
        return Response({"message": message, "user": UserProfileSerializer(request.user).data})

    @action(
        detail=False,
        methods=["post"],
        url_path="token/refresh",
        url_name="token-refresh",
        permission_classes=[AllowAny],
        authentication_classes=[],
    )
    def refresh(self, request):
        pair = services.token_refresh(refresh_token=self._validated(request)["refreshToken"])
        return Response({"token": pair.access, "refreshToken": pair.refresh})

    @action(detail=False, methods=["post"])
    def logout(self, request):
        services.token_revoke(user=request.user, refresh_token=self._validated(request)["refreshToken"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @_anonymous_post("password/reset", "password-reset")
    def password_reset(self, request):
        services.password_reset_request(**self._validated(request))
        return Response({"message": PASSWORD_RESET_SENT}, status=status.HTTP_202_ACCEPTED)

    @_anonymous_post("password/reset/confirm", "password-reset-confirm")
    def password_reset_confirm(self, request):
        data = self._validated(request)
        services.password_reset_confirm(
            user_id=data["userId"], token=data["token"], password=data["password"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(
        detail=False,
        methods=["post"],
        url_path="me/password",
        url_name="password-change",
        throttle_classes=[*GENERAL_THROTTLES, AuthRateThrottle],
    )
    def password_change(self, request):
        data = self._validated(request)
        services.password_change(
            user=request.user, current_password=data["currentPassword"], new_password=data["newPassword"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action == "delete_me":  # a password guess, like a password change
            throttles.append(AuthRateThrottle())
        return throttles

    @me.mapping.delete
    @account_delete_schema
    def delete_me(self, request):
        serializer = AccountDeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_delete_self(user=request.user, password=serializer.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @data_export_schema
    @action(detail=False, methods=["get"], url_path="me/export", url_name="export")
    def export(self, request):
        data = UserDataExportSerializer(selectors.user_data(user=request.user)).data
        return Response(
            {"message": "User data exported", "export": data}, headers={"Cache-Control": "no-store"}
        )

    @logout_all_schema
    @action(detail=False, methods=["post"], url_path="me/logout-all", url_name="logout-all")
    def logout_all(self, request):
        services.tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
