from rest_framework import serializers

from events.models import Event
from eventsite.fields import StrictCharField, UTCDateTimeField


class EventSerializer(serializers.ModelSerializer):
    """The legacy event shape; ``createdBy`` is always the authenticated creator."""

    eventId = serializers.UUIDField(source="id", read_only=True)
    title = StrictCharField(min_length=1, max_length=200)
    description = StrictCharField(max_length=5000, allow_blank=True, required=False)
    date = UTCDateTimeField()
    location = StrictCharField(max_length=255, allow_blank=True, required=False)
    createdBy = serializers.UUIDField(source="created_by_id", read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Event
        fields = ["eventId", "title", "description", "date", "location", "createdBy", "createdAt"]
