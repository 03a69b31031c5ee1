"""Check-in bodies: the code presented at the door, the admitted ticket, and the event's count."""

from rest_framework import serializers
from rest_framework.fields import SkipField

from accounts.models import User
from accounts.serializers import UserPublicSerializer
from events.models import Ticket
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import StrictCharField, UTCDateTimeField

# The serializer context's mapping of event id to its check-in count
# (``checkin_selectors.checked_in_counts_for``): only events whose count the caller may see.
CHECKED_IN_COUNTS = "checked_in_counts"
# Codes are 22 characters (``events.tickets.models.new_ticket_code``); the column holds 32.
CODE_MAX_LENGTH = Ticket._meta.get_field("code").max_length


class TicketCodeSerializer(serializers.Serializer):
    code = StrictCharField(
        min_length=1, max_length=CODE_MAX_LENGTH, help_text="The ticket's code (its QR code)."
    )


class CheckInAttendeeSerializer(serializers.ModelSerializer):
    userId = serializers.UUIDField(source="id", read_only=True, help_text="The holder's user id.")

    class Meta:
        model = User
        fields = ["userId", "name", "email"]
        read_only_fields = fields
        extra_kwargs = {
            "name": {"help_text": "The holder's name."},
            "email": {"help_text": "The holder's email address."},
        }


class CheckInSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="The ticket's code.")
    checkedInAt = UTCDateTimeField(
        source="checked_in_at", read_only=True, help_text="When it was checked in (UTC)."
    )
    attendee = CheckInAttendeeSerializer(source="holder", read_only=True, help_text="Whom the ticket admits.")
    checkedInBy = UserPublicSerializer(
        source="checked_in_by", read_only=True, help_text="The team member or staff user who checked it in."
    )

    class Meta:
        model = Ticket
        fields = ["code", "checkedInAt", "attendee", "checkedInBy"]


class CheckInResponseSerializer(MessageResponseSerializer):
    checkIn = CheckInSerializer(help_text="The ticket just checked in.")


class CheckedInCountField(serializers.IntegerField):
    """How many of the event's tickets were checked in, from the context's ``CHECKED_IN_COUNTS``;
    absent from the answer (not null) for an event not there."""

    omitted_for_some = True  # optional in the OpenAPI document (``eventsite.api.openapi``)

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Tickets checked in so far: only for the event's team (owner, organizers, checkers) and "
            "staff, and never in the event lists.",
        )
        super().__init__(source="*", read_only=True, min_value=0, **kwargs)

    def get_attribute(self, instance):
        counts = self.context.get(CHECKED_IN_COUNTS, {})
        if instance.pk not in counts:
            raise SkipField()
        return counts[instance.pk]
