"""``/users/me/api-keys``: the caller's API keys. Only a login (JWT or session) manages them: a key
declares no scope here, so a key cannot make a key with more scopes than its own, nor revoke one."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api_keys import selectors, services
from accounts.api_keys.models import ApiKey
from accounts.api_keys.serializers import (
    ApiKeyCreatedResponseSerializer,
    ApiKeyCreateSerializer,
    ApiKeyListResponseSerializer,
    ApiKeyResponseSerializer,
)
from eventsite.api.schema import ViewSchema, error, extend_schema
from eventsite.api.viewsets import GenericViewSet, envelope_response

NO_SUCH_KEY = "No such API key."


class ApiKeyViewSet(GenericViewSet):
    """The caller's API keys; another user's are not found (404)."""

    schema = ViewSchema("accounts.api_keys.schemas.ApiKeySchema")
    permission_classes = [IsAuthenticated]
    # For the OpenAPI document (the type of ``keyId``); ``get_object`` reads the caller's own.
    queryset = ApiKey.objects.none()
    lookup_url_kwarg = "key_id"
    serializer_class = ApiKeyCreateSerializer

    def get_object(self) -> ApiKey:
        api_key = selectors.user_api_key(user=self.request.user, key_id=self.kwargs["key_id"])
        if api_key is None:
            raise NotFound(NO_SUCH_KEY)
        return api_key

    @extend_schema(
        responses=ApiKeyListResponseSerializer,
        tags=["api keys"],
    )
    def list(self, request):
        body = {
            "message": "API keys retrieved successfully",
            "apiKeys": selectors.user_api_keys(user=request.user),
        }
        return envelope_response(ApiKeyListResponseSerializer(body))

    @extend_schema(
        request=ApiKeyCreateSerializer,
        responses={201: ApiKeyCreatedResponseSerializer, 409: error(409, "`api_key_limit`: too many keys.")},
        tags=["api keys"],
    )
    def create(self, request):
        serializer = ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        api_key, key = services.api_key_create(
            user=request.user,
            name=data["name"],
            scopes=sorted(data["scopes"]),
            expires_at=data.get("expiresAt"),
        )
        api_key.key = key
        body = {"message": "API key created successfully", "apiKey": api_key}
        return envelope_response(ApiKeyCreatedResponseSerializer(body), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ApiKeyResponseSerializer}, tags=["api keys"])
    def retrieve(self, request, key_id=None):
        body = {"message": "API key retrieved successfully", "apiKey": self.get_object()}
        return envelope_response(ApiKeyResponseSerializer(body))

    @extend_schema(
        responses={204: OpenApiResponse(description="Revoked (also when it already was).")},
        tags=["api keys"],
    )
    def destroy(self, request, key_id=None):
        services.api_key_revoke(api_key=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
