"""OpenAPI descriptions of the ``/events…`` endpoints (see ``eventsite.api.openapi``)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from events.serializers import EventSerializer
from eventsite.api.openapi import error, message_envelope

EventResponse = message_envelope("EventResponse", event=EventSerializer())
EVENT_LIST = EventSerializer(many=True)
DELETED = OpenApiResponse(description="Deleted.")
# ``/events/create`` and ``/events/all`` are routes of their own, so those two eventIds only allow
# POST and GET respectively (``create`` answers GET with 405 too).
RESERVED_ID = error(405, "Method not allowed: `create` and `all` are not event ids but legacy routes.")
HAS_RSVPS = error(409, "`event_has_rsvps`: the event has RSVPs, so it cannot become a draft.")

event_viewset_schema = extend_schema_view(
    list=extend_schema(summary="List events, soonest first", responses=EVENT_LIST),
    all_events=extend_schema(summary="List events (legacy path)", responses=EVENT_LIST),
    create=extend_schema(summary="Create an event", request=EventSerializer, responses={201: EventResponse}),
    create_legacy=extend_schema(
        summary="Create an event (legacy path)", request=EventSerializer, responses={201: EventResponse}
    ),
    retrieve=extend_schema(summary="An event", responses={200: EventResponse, 405: RESERVED_ID}),
    update=extend_schema(
        summary="Replace an event",
        request=EventSerializer,
        responses={200: EventResponse, 405: RESERVED_ID, 409: HAS_RSVPS},
    ),
    partial_update=extend_schema(
        summary="Change an event",
        request=EventSerializer,
        responses={200: EventResponse, 405: RESERVED_ID, 409: HAS_RSVPS},
    ),
    destroy=extend_schema(summary="Delete an event", responses={204: DELETED, 405: RESERVED_ID}),
)
