"""RSVPs and calendars: an event's RSVP, attendees and iCalendar actions; the caller's (``/users/me/``)."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts.api_keys.scopes import RSVPS_READ
from accounts.permissions import HasVerifiedEmail
from events import selectors, services
from events.ics import ICalendarRenderer, calendar_bytes
from events.models import Event
from events.pagination import AttendeePagination, RsvpPagination
from events.permissions import CanSeeAttendees
from events.serializers import (
    MY_RSVPS,
    AttendeeSerializer,
    CalendarKeyResponseSerializer,
    MyRsvpSerializer,
    RsvpResponseSerializer,
)
from eventsite.api.idempotency import idempotent
from eventsite.api.schema import error, extend_schema
from eventsite.api.viewsets import GenericViewSet, envelope_response

ICALENDAR = {(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY, description="RFC 5545 calendar.")}


def attachment(filename: str) -> dict:
    """The headers of an iCalendar answer that calendar apps save as ``filename``."""
    return {"Content-Disposition": f'inline; filename="{filename}"'}


class EventActionsMixin:
    """The ``/events/{eventId}/…`` actions of ``EventViewSet``."""

    @extend_schema(
        methods=["POST"],
        request=None,
        responses={201: RsvpResponseSerializer, 200: RsvpResponseSerializer, 409: error(409)},
        tags=["rsvps"],
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={204: OpenApiResponse(description="Withdrawn.")},
        tags=["rsvps"],
    )
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsAuthenticated, HasVerifiedEmail])
    @idempotent
    def rsvp(self, request, *args, **kwargs):
        event = self.get_object()
        if request.method == "DELETE":
            return self._withdraw(event)
        rsvp, created = services.rsvp_create(event=event, user=request.user)
        message = "RSVP created successfully" if created else "RSVP already exists"
        return envelope_response(
            RsvpResponseSerializer({"message": message, "rsvp": rsvp}),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def _withdraw(self, event: Event) -> Response:
        rsvp = selectors.rsvp_of(user=self.request.user, event=event)
        if rsvp is None:
            raise NotFound("You have no RSVP for this event.")
        services.rsvp_cancel(rsvp=rsvp)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # ``many=True`` makes the 200 the paginated page, as the view answers; the event list's
    # filters do not apply to attendees.
    @extend_schema(
        responses={200: AttendeeSerializer(many=True), 403: error(403)},
        filters=False,
        tags=["rsvps"],
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[IsAuthenticated, CanSeeAttendees],
        pagination_class=AttendeePagination,
        serializer_class=AttendeeSerializer,
    )
    def attendees(self, request, *args, **kwargs):
        page = self.paginate_queryset(selectors.event_attendees(event=self.get_object()))
        return self.get_paginated_response(AttendeeSerializer(page, many=True).data)

    @extend_schema(responses=ICALENDAR, tags=["calendar"])
    @action(detail=True, methods=["get"], renderer_classes=[ICalendarRenderer])
    def ics(self, request, *args, **kwargs):
        event = self.get_object()
        return Response(calendar_bytes([event]), headers=attachment(f"event-{event.pk}.ics"))


class MyEventsViewSet(GenericViewSet):
    """The caller's RSVPs and personal calendar feed (/users/me/…)."""

    permission_classes = [IsAuthenticated]
    pagination_class = RsvpPagination
    # The calendar key is the user's own credential: keys do not manage it.
    api_key_scopes = {"rsvps": RSVPS_READ}
    serializer_class = MyRsvpSerializer

    @extend_schema(
        responses=MyRsvpSerializer(many=True),
        tags=["rsvps"],
    )
    @action(detail=False, methods=["get"])
    def rsvps(self, request):
        page = self.paginate_queryset(selectors.user_rsvps(user=request.user))
        # Each event's ``myRsvp`` is the RSVP it is listed under.
        context = {**self.get_serializer_context(), MY_RSVPS: {rsvp.event_id: rsvp for rsvp in page}}
        return self.get_paginated_response(self.get_serializer(page, many=True, context=context).data)

    @extend_schema(
        request=None,
        responses={200: CalendarKeyResponseSerializer, 204: OpenApiResponse(description="Revoked.")},
        tags=["calendar"],
    )
    @action(detail=False, methods=["get", "post", "delete"], url_path="calendar-key", url_name="calendar-key")
    def calendar_key(self, request):
        if request.method == "DELETE":
            services.calendar_feed_revoke(user=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        if request.method == "POST":
            feed, message = services.calendar_feed_rotate(user=request.user), "Calendar key rotated"
        else:
            feed, message = services.calendar_feed_for(user=request.user), "Calendar key retrieved"
        url = request.build_absolute_uri(reverse("my-events-calendar")) + f"?key={feed.key}"
        body = {"message": message, "calendarKey": {"key": feed.key, "url": url}}
        return envelope_response(CalendarKeyResponseSerializer(body))

    @extend_schema(
        parameters=[
            OpenApiParameter("key", OpenApiTypes.UUID, required=True, description="Calendar feed key.")
        ],
        responses={**ICALENDAR, (404, "application/json"): error(404)},
        tags=["calendar"],
    )
    @action(
        detail=False,
        methods=["get"],
        url_path=r"calendar\.ics",
        url_name="calendar",
        permission_classes=[AllowAny],
        authentication_classes=[],
        renderer_classes=[ICalendarRenderer],
    )
    def calendar(self, request):
        user = selectors.calendar_feed_owner(key=request.query_params.get("key", ""))
        if user is None:
            raise Http404
        events = selectors.user_going_events(user=user)
        name = f"{user.name} — eventsite"
        return Response(calendar_bytes(events, name=name), headers=attachment("events.ics"))
