"""The public routes: published public events for anyone, without login (``/public/events…``).

They take no credentials (an ``Authorization`` header is ignored, so a stale token does not turn
into a 401), answer every caller alike from one cached copy (``events.public.caching``) and count
requests per client address under the ``public`` throttle rate.
"""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from events.ics import ICalendarRenderer, calendar_bytes
from events.pagination import EventPagination
from events.public import selectors
from events.public.caching import allow_public_caching, respond
from events.public.filters import PublicEventFilter
from events.public.serializers import PublicEventResponseSerializer, PublicEventSerializer
from events.rsvp_views import ICALENDAR, attachment
from eventsite.api.schema import extend_schema
from eventsite.api.throttling import GENERAL_THROTTLES, ScopedRateThrottle
from eventsite.api.viewsets import GenericViewSet, envelope_response

TAGS = ["public"]
FEED_NAME = "eventsite public events"


class PublicEventPagination(EventPagination):
    message = "Public events retrieved successfully"


class PublicAccess:
    """Open to anyone, throttled per client address, cacheable by anyone."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle, *GENERAL_THROTTLES]
    throttle_scope = "public"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        allow_public_caching(request, response)
        return response


class PublicEventViewSet(PublicAccess, GenericViewSet):
    """The public list, one public event, and its calendar."""

    serializer_class = PublicEventSerializer
    pagination_class = PublicEventPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = PublicEventFilter
    lookup_url_kwarg = "event_id"

    def get_queryset(self):
        return selectors.public_events()

    def filter_queryset(self, queryset):
        # The filters belong to the list; a lookup by id ignores the query string.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(
        responses=PublicEventSerializer(many=True),
        tags=TAGS,
    )
    def list(self, request, *args, **kwargs):
        return respond(request, build=self._page)

    def _page(self) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses={200: PublicEventResponseSerializer}, tags=TAGS)
    def retrieve(self, request, *args, **kwargs):
        def build() -> Response:
            body = {"message": "Event retrieved successfully", "event": self.get_object()}
            return envelope_response(
                PublicEventResponseSerializer(body, context=self.get_serializer_context())
            )

        return respond(request, build=build)

    @extend_schema(responses=ICALENDAR, tags=TAGS)
    @action(detail=True, methods=["get"], renderer_classes=[ICalendarRenderer])
    def ics(self, request, *args, **kwargs):
        def build() -> Response:
            event = self.get_object()
            return Response(calendar_bytes([event]), headers=attachment(f"event-{event.pk}.ics"))

        return respond(request, build=build)


class PublicCalendarView(PublicAccess, APIView):
    """The recent and upcoming public events in one iCalendar feed, for calendar apps to subscribe to."""

    renderer_classes = [ICalendarRenderer]

    @extend_schema(
        responses=ICALENDAR,
        tags=TAGS,
    )
    def get(self, request, *args, **kwargs):
        def build() -> Response:
            events = selectors.public_feed_events()
            return Response(calendar_bytes(events, name=FEED_NAME), headers=attachment("public-events.ics"))

        return respond(request, build=build)
