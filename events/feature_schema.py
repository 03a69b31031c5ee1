"""OpenAPI descriptions of RSVPs, attendees and calendars (see ``eventsite.api.openapi``)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from events.serializers import AttendeeSerializer, MyRsvpSerializer, RsvpSerializer
from eventsite.api.openapi import envelope, error, message_envelope

RsvpResponse = message_envelope("RsvpResponse", rsvp=RsvpSerializer())
CalendarKeyResponse = message_envelope(
    "CalendarKeyResponse",
    calendarKey=envelope("CalendarKey", key=serializers.UUIDField(), url=serializers.URLField()),
)
ICALENDAR = {(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY, description="RFC 5545 calendar.")}

_rsvp_post = extend_schema(
    methods=["POST"],
    summary="RSVP to an event: going if a seat is free, else waitlisted",
    request=None,
    responses={201: RsvpResponse, 200: RsvpResponse, 409: error(409)},
    tags=["rsvps"],
)
_rsvp_delete = extend_schema(
    methods=["DELETE"],
    summary="Withdraw one's RSVP (the oldest waitlisted person gets the seat)",
    request=None,
    responses={204: OpenApiResponse(description="Withdrawn.")},
    tags=["rsvps"],
)


def rsvp_schema(view):
    return _rsvp_post(_rsvp_delete(view))


# Custom list actions: ``many=True`` makes the 200 the paginated page, as the views answer;
# the event list's filters do not apply to attendees.
attendees_schema = extend_schema(
    summary="The event's RSVPs (creator or staff)",
    responses={200: AttendeeSerializer(many=True), 403: error(403)},
    filters=False,
    tags=["rsvps"],
)
event_ics_schema = extend_schema(summary="The event as iCalendar", responses=ICALENDAR, tags=["calendar"])
my_rsvps_schema = extend_schema(
    summary="The caller's RSVPs, soonest event first", responses=MyRsvpSerializer(many=True), tags=["rsvps"]
)
calendar_key_schema = extend_schema(
    summary="The caller's calendar feed key: GET shows it, POST rotates it, DELETE revokes it",
    request=None,
    responses={200: CalendarKeyResponse, 204: OpenApiResponse(description="Revoked.")},
    tags=["calendar"],
)
calendar_schema = extend_schema(
    summary="The personal calendar feed of events one is going to (no bearer header; the key)",
    parameters=[OpenApiParameter("key", OpenApiTypes.UUID, required=True, description="Calendar feed key.")],
    responses={**ICALENDAR, (404, "application/json"): error(404)},
    tags=["calendar"],
)
