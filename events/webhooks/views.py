"""``/users/me/webhooks``: the caller's webhook endpoints, their delivery log and redelivery."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiCallback, OpenApiParameter, OpenApiResponse
from drf_spectacular.utils import extend_schema as spectacular_extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api_keys.scopes import WEBHOOKS_WRITE
from events.pagination import EventPagination
from events.webhooks import selectors, services
from events.webhooks.models import WebhookEndpoint
from events.webhooks.serializers import (
    WebhookCreatedResponseSerializer,
    WebhookCreateSerializer,
    WebhookDeliverySerializer,
    WebhookListResponseSerializer,
    WebhookPayloadSerializer,
    WebhookRedeliveryResponseSerializer,
    WebhookResponseSerializer,
    WebhookUpdateSerializer,
)
from eventsite.api.schema import ViewSchema, error, extend_schema
from eventsite.api.viewsets import GenericViewSet, envelope_response

NO_SUCH_WEBHOOK = "No such webhook endpoint."
SIGNATURE = (
    "Each delivery is a POST of this JSON body with the headers `Content-Type: application/json`, "
    "`Eventsite-Event-Id` (the body's id), `Eventsite-Delivery-Id` (this attempt) and "
    '`Eventsite-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the '
    "endpoint's secret>`. Receivers recompute the HMAC over the raw body, compare in constant time, "
    "and reject timestamps older than 5 minutes. Any 2xx answer within the timeout is a success; "
    "anything else (3xx included: redirects are not followed) is retried with exponential backoff."
)
# drf-spectacular's own decorator: the generator applies it to a view of its own as it documents
# the callback (the deferred one of eventsite.api.schema is for views).
DELIVERY_CALLBACK = OpenApiCallback(
    "delivery",
    "{$request.body#/url}",
    spectacular_extend_schema(
        summary="A change, delivered to the endpoint",
        description=SIGNATURE,
        request=WebhookPayloadSerializer,
        responses={200: OpenApiResponse(description="Any 2xx: delivered.")},
    ),
)


class DeliveryPagination(EventPagination):
    page_size = 50
    max_page_size = 200
    results_key = "deliveries"
    message = "Deliveries retrieved successfully"


class WebhookViewSet(GenericViewSet):
    """The caller's webhook endpoints; another user's are not found (404)."""

    schema = ViewSchema("events.webhooks.schemas.EnvelopeListSchema")
    permission_classes = [IsAuthenticated]
    api_key_scopes = dict.fromkeys(
        ["list", "create", "retrieve", "partial_update", "destroy", "deliveries", "redeliver"], WEBHOOKS_WRITE
    )
    # For the OpenAPI document (the type of ``webhookId``); ``get_object`` reads the caller's own.
    queryset = WebhookEndpoint.objects.none()
    lookup_url_kwarg = "webhook_id"
    serializer_class = WebhookCreateSerializer

    def get_object(self) -> WebhookEndpoint:
        endpoint = selectors.user_webhook(user=self.request.user, webhook_id=self.kwargs["webhook_id"])
        if endpoint is None:
            raise NotFound(NO_SUCH_WEBHOOK)
        return endpoint

    @extend_schema(responses=WebhookListResponseSerializer, tags=["webhooks"])
    def list(self, request):
        body = {
            "message": "Webhooks retrieved successfully",
            "webhooks": selectors.user_webhooks(user=request.user),
        }
        return envelope_response(WebhookListResponseSerializer(body))

    @extend_schema(
        request=WebhookCreateSerializer,
        responses={201: WebhookCreatedResponseSerializer, 409: error(409)},
        callbacks=[DELIVERY_CALLBACK],
        tags=["webhooks"],
    )
    def create(self, request):
        data = self._valid(WebhookCreateSerializer, request)
        endpoint = services.webhook_create(
            owner=request.user,
            url=data["url"],
            event_types=data["eventTypes"],
            description=data.get("description", ""),
        )
        body = {"message": "Webhook created successfully", "webhook": endpoint}
        return envelope_response(WebhookCreatedResponseSerializer(body), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: WebhookResponseSerializer}, tags=["webhooks"])
    def retrieve(self, request, webhook_id=None):
        return self._answer(self.get_object(), "Webhook retrieved successfully")

    @extend_schema(
        request=WebhookUpdateSerializer,
        responses={200: WebhookResponseSerializer},
        tags=["webhooks"],
    )
    def partial_update(self, request, webhook_id=None):
        endpoint = self.get_object()
        data = self._valid(WebhookUpdateSerializer, request, partial=True)
        endpoint = services.webhook_update(
            endpoint=endpoint,
            url=data.get("url"),
            event_types=data.get("eventTypes"),
            description=data.get("description"),
            active=data.get("active"),
        )
        return self._answer(endpoint, "Webhook updated successfully")

    @extend_schema(
        responses={204: OpenApiResponse(description="Deleted.")},
        tags=["webhooks"],
    )
    def destroy(self, request, webhook_id=None):
        services.webhook_delete(endpoint=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses=WebhookDeliverySerializer(many=True),
        tags=["webhooks"],
    )
    @action(
        detail=True,
        methods=["get"],
        serializer_class=WebhookDeliverySerializer,
        pagination_class=DeliveryPagination,
    )
    def deliveries(self, request, webhook_id=None):
        page = self.paginate_queryset(selectors.webhook_deliveries(endpoint=self.get_object()))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("delivery_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={202: WebhookRedeliveryResponseSerializer},
        tags=["webhooks"],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_id>[^/.]+)/redeliver",
        url_name="redeliver",
    )
    def redeliver(self, request, webhook_id=None, delivery_id=None):
        delivery = selectors.webhook_delivery(endpoint=self.get_object(), delivery_id=delivery_id)
        if delivery is None:
            raise NotFound("No such delivery.")
        services.webhook_redeliver(delivery=delivery)
        body = {"message": "Redelivery queued", "delivery": delivery}
        return envelope_response(WebhookRedeliveryResponseSerializer(body), status=status.HTTP_202_ACCEPTED)

    def _valid(self, serializer_class, request, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _answer(self, endpoint: WebhookEndpoint, message: str) -> Response:
        return envelope_response(WebhookResponseSerializer({"message": message, "webhook": endpoint}))
