"""``/events/{eventId}/checkin``: the door staff admit a ticket's holder, or undo it."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api_keys.scopes import CHECKIN_WRITE
from events import selectors
from events.models import Event, Ticket
from events.permissions import CanCheckIn
from events.tickets import checkin
from events.tickets.checkin_serializers import CheckInResponseSerializer, TicketCodeSerializer
from eventsite.api.idempotency import idempotent
from eventsite.api.schema import error, extend_schema
from eventsite.api.viewsets import GenericViewSet, envelope_response

NOT_FOUND = error(
    404, "No such event (`not_found`), or no ticket of this event has the code (`ticket_not_found`)."
)
REFUSED = error(
    409,
    "`already_checked_in`: the ticket was checked in before; the body's `checkedInAt` (beside "
    "`message` and `code`) says when. `rsvp_waitlisted`: its holder has no seat. "
    "`ticket_withdrawn`: the RSVP was withdrawn.",
)
NOT_CHECKED_IN = error(409, "`not_checked_in`: the ticket is not checked in.")


class CheckInViewSet(GenericViewSet):
    """Check-in by the event's owner, organizers and checkers, and staff."""

    permission_classes = [IsAuthenticated, CanCheckIn]
    api_key_scopes = {"create": CHECKIN_WRITE, "destroy": CHECKIN_WRITE}
    serializer_class = TicketCodeSerializer
    # For the OpenAPI document's path parameters; the views find the event and the ticket themselves.
    queryset = Ticket.objects.none()
    lookup_field = "code"
    lookup_value_regex = "[^/]{1,64}"

    def get_event(self) -> Event:
        """The event of the URL, as its detail route finds it, and the caller's right to check in."""
        event = get_object_or_404(
            selectors.events_visible_to(user=self.request.user), pk=self.kwargs["event_id"]
        )
        self.check_object_permissions(self.request, event)
        return event

    @extend_schema(
        request=TicketCodeSerializer,
        responses={200: CheckInResponseSerializer, 404: NOT_FOUND, 409: REFUSED},
        tags=["check-in"],
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        event = self.get_event()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = checkin.ticket_check_in(event=event, code=serializer.validated_data["code"], by=request.user)
        body = {"message": "Checked in", "checkIn": ticket}
        return envelope_response(CheckInResponseSerializer(body, context=self.get_serializer_context()))

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Undone."),
            404: NOT_FOUND,
            409: NOT_CHECKED_IN,
        },
        tags=["check-in"],
    )
    def destroy(self, request, *args, **kwargs):
        checkin.ticket_check_in_undo(event=self.get_event(), code=self.kwargs["code"], by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
