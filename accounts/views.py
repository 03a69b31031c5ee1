from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts import services
from accounts.serializers import (
    LoginSerializer,
    RefreshTokenSerializer,
    RegisterSerializer,
    UserProfileSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from accounts.throttling import AuthRateThrottle


def _auth_payload(message: str, user) -> dict:
    pair = services.token_pair_for(user=user)
    return {
        "message": message,
        "user": UserSerializer(user).data,
        "token": pair.access,
        "refreshToken": pair.refresh,
    }


class UserViewSet(viewsets.GenericViewSet):
    """Registration, login, tokens and the caller's own profile (``/users/…``)."""

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
        }.get(self.action, UserUpdateSerializer)

    def _validated(self, request) -> dict:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @action(
        detail=False,
        methods=["post"],
        permission_classes=[AllowAny],
        throttle_classes=[AuthRateThrottle],
        authentication_classes=[],
    )
    def register(self, request):
        user = services.user_register(**self._validated(request))
        return Response(_auth_payload("User registered successfully", user))

    @action(
        detail=False,
        methods=["post"],
        permission_classes=[AllowAny],
        throttle_classes=[AuthRateThrottle],
        authentication_classes=[],
    )
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
