from events.serializers import EventSerializer
from eventsite.api.envelopes import MessageResponseSerializer


class PublicEventSerializer(EventSerializer):
    """A public event as anyone may read it: its details and the seats left, nothing about the
    people who organize or attend it."""

    createdBy = None
    createdAt = None
    attendeeCount = None
    checkedInCount = None
    myRsvp = None

    class Meta(EventSerializer.Meta):
        fields = [
            "eventId",
            "title",
            "description",
            "date",
            "endDate",
            "timezone",
            "location",
            "status",
            "visibility",
            "capacity",
            "spotsLeft",
        ]


class PublicEventResponseSerializer(MessageResponseSerializer):
    event = PublicEventSerializer(help_text="The public event.")
