from events.serializers import EventSerializer
from eventsite.api.envelopes import MessageResponseSerializer


class PublicEventSerializer(EventSerializer):
    """An event as anyone may read it: the event's own facts, nothing about people.

    No creator, attendee count, RSVPs (``myRsvp``) or check-ins; ``spotsLeft`` shows whether
    seats are free. Output only: the public routes take no writes.
    """

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
    event = PublicEventSerializer()
