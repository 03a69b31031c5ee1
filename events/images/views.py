"""``/events/{eventId}/image``: upload (PUT locally; a presigned S3 POST, then confirm), delete."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api_keys.scopes import EVENTS_WRITE
from accounts.permissions import HasVerifiedEmail
from events.images import selectors, services
from events.images.serializers import (
    DirectUploadSerializer,
    ImageFileSerializer,
    ImageUploadResponseSerializer,
)
from events.models import Event
from events.permissions import CanChangeImage
from events.serializers import EventResponseSerializer
from eventsite.api.parsers import MultiPartParser
from eventsite.api.schema import error, extend_schema
from eventsite.api.viewsets import envelope_response

# Room for the multipart body's boundaries and part headers around the file.
MULTIPART_OVERHEAD_BYTES = 16 * 1024
EVENT_ID = OpenApiParameter("event_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
PROCESSING = "Image received: it is being checked (imageStatus shows the outcome)."
NOT_EDITOR = error(403, "Not the event's owner, an organizer, nor staff.")
ACCEPTED = {202: EventResponseSerializer, 403: NOT_EDITOR}


class EventImageBase(GenericAPIView):
    permission_classes = [IsAuthenticated, HasVerifiedEmail, CanChangeImage]
    api_key_scopes = {"PUT": EVENTS_WRITE, "POST": EVENTS_WRITE, "DELETE": EVENTS_WRITE}

    def get_queryset(self):
        return Event.objects.none()

    def event(self) -> Event:
        event = selectors.event_for(user=self.request.user, event_id=self.kwargs["event_id"])
        self.check_object_permissions(self.request, event)
        return event

    def get_object(self) -> Event:
        # DRF's OPTIONS answer asks for it to tell which methods the caller may use.
        return self.event()

    def event_response(self, event: Event, message: str, *, status_code: int = status.HTTP_200_OK):
        context = self.get_serializer_context()
        body = {"message": message, "event": event}
        return envelope_response(EventResponseSerializer(body, context=context), status=status_code)


class EventImageView(EventImageBase):
    parser_classes = [MultiPartParser]
    serializer_class = ImageFileSerializer

    @classmethod
    def max_request_body_bytes(cls) -> int:
        """Read by ``BodySizeLimitMiddleware``: an image may be larger than other request bodies."""
        return max(settings.MAX_REQUEST_BODY_BYTES, settings.EVENT_IMAGE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES)

    @extend_schema(
        parameters=[EVENT_ID],
        request={"multipart/form-data": ImageFileSerializer},
        responses=ACCEPTED,
        tags=["images"],
    )
    def put(self, request, event_id: str):
        event = self.event()
        serializer = ImageFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = services.event_image_receive(event=event, upload=serializer.validated_data["image"])
        return self.event_response(event, PROCESSING, status_code=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[EVENT_ID],
        responses={204: OpenApiResponse(description="Removed."), 403: NOT_EDITOR},
        tags=["images"],
    )
    def delete(self, request, event_id: str):
        services.event_image_delete(event=self.event())
        return Response(status=status.HTTP_204_NO_CONTENT)


class EventImageUploadView(EventImageBase):
    serializer_class = DirectUploadSerializer

    @extend_schema(
        parameters=[EVENT_ID],
        request=DirectUploadSerializer,
        responses={
            200: ImageUploadResponseSerializer,
            403: NOT_EDITOR,
            409: error(409, "`direct_upload_unavailable`: this server stores images itself; use PUT."),
        },
        tags=["images"],
    )
    def post(self, request, event_id: str):
        event = self.event()
        serializer = DirectUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = services.event_image_presign(
            event=event, content_type=serializer.validated_data["contentType"]
        )
        body = {"message": "Upload the file to the URL with these fields, then confirm", "upload": upload}
        return envelope_response(ImageUploadResponseSerializer(body))


class EventImageConfirmView(EventImageBase):
    # No body: the browsable API shows a bare POST button.
    serializer_class = serializers.Serializer

    @extend_schema(
        parameters=[EVENT_ID],
        request=None,
        responses={
            **ACCEPTED,
            409: error(
                409,
                "`no_pending_upload`: no upload was requested; `upload_missing`: the file has not arrived.",
            ),
        },
        tags=["images"],
    )
    def post(self, request, event_id: str):
        event = services.event_image_confirm(event=self.event())
        return self.event_response(event, PROCESSING, status_code=status.HTTP_202_ACCEPTED)
