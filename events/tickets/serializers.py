"""The ticket as its holder sees it (``GET /events/{eventId}/ticket``)."""

from rest_framework import serializers

from accounts.serializers import UserPublicSerializer
from events.models import Event, Ticket
from events.serializers import TimeZoneField
from events.tickets.selectors import CHECKED_IN, VALID, ticket_status
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import UTCDateTimeField

# The ``status`` of a ticket shown to its holder (a waitlisted RSVP's ticket is not shown).
STATUSES = [VALID, CHECKED_IN]


class TicketStatusField(serializers.ChoiceField):
    """``valid``, or ``checked_in`` once the door has let its holder in."""

    def __init__(self, **kwargs):
        super().__init__(choices=STATUSES, source="*", read_only=True, **kwargs)

    def to_representation(self, ticket: Ticket) -> str:
        return ticket_status(ticket)


class TicketEventSerializer(serializers.ModelSerializer):
    eventId = serializers.UUIDField(source="id", read_only=True, help_text="The event's id.")
    date = UTCDateTimeField(read_only=True, help_text="When it starts (UTC).")
    endDate = UTCDateTimeField(
        source="end_date",
        read_only=True,
        allow_null=True,
        help_text="When it ends (UTC); null when open-ended.",
    )
    timezone = TimeZoneField(
        source="time_zone", read_only=True, help_text="IANA time zone name of the event; null when none."
    )

    class Meta:
        model = Event
        fields = ["eventId", "title", "date", "endDate", "timezone", "location"]
        read_only_fields = fields
        extra_kwargs = {
            "title": {"help_text": "The event's title."},
            "location": {"help_text": "Where it happens; empty when unset."},
        }


class TicketSerializer(serializers.ModelSerializer):
    """``code`` is what the door scans (the QR code holds exactly it)."""

    status = TicketStatusField(help_text="valid, or checked_in once the door has let its holder in.")
    checkedInAt = UTCDateTimeField(
        source="checked_in_at",
        read_only=True,
        allow_null=True,
        help_text="When it was checked in (UTC); null until then.",
    )
    event = TicketEventSerializer(read_only=True, help_text="The event the ticket admits to.")
    holder = UserPublicSerializer(read_only=True, help_text="Whom the ticket admits.")

    class Meta:
        model = Ticket
        fields = ["code", "status", "checkedInAt", "event", "holder"]
        read_only_fields = fields
        extra_kwargs = {"code": {"help_text": "What the door scans: the QR code holds exactly this text."}}


class TicketResponseSerializer(MessageResponseSerializer):
    ticket = TicketSerializer(help_text="Your ticket.")
