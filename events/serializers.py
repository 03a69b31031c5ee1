from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.serializers import UserSerializer
from events.models import Event, Rsvp, validate_timezone
from eventsite.fields import StrictCharField, UTCDateTimeField


class StrictIntegerField(serializers.IntegerField):
    """JSON integers only (DRF's also takes ``"5"`` and ``5.0``)."""

    default_error_messages = {"invalid": "Must be a whole number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class OptionalTextField(StrictCharField):
    """Stored as ``""`` when unset, shown as ``null``."""

    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, allow_null=True, required=False, **kwargs)

    def validate_empty_values(self, data):
        is_empty, value = super().validate_empty_values(data)
        return is_empty, ("" if is_empty and value is None else value)

    def to_representation(self, value):
        return value or None


class RsvpSerializer(serializers.ModelSerializer):
    rsvpId = serializers.UUIDField(source="id", read_only=True)
    eventId = serializers.UUIDField(source="event_id", read_only=True)
    userId = serializers.UUIDField(source="user_id", read_only=True)
    status = serializers.ChoiceField(choices=Rsvp.Status.choices, read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Rsvp
        fields = ["rsvpId", "eventId", "userId", "status", "createdAt"]


class AttendeeSerializer(RsvpSerializer):
    user = UserSerializer(read_only=True)

    class Meta(RsvpSerializer.Meta):
        fields = ["rsvpId", "status", "createdAt", "user"]


class EventSerializer(serializers.ModelSerializer):
    """The legacy event shape plus lifecycle, capacity and the caller's RSVP.

    ``createdBy`` is always the authenticated creator. ``myRsvp`` reads the
    ``my_rsvps`` list prefetched by ``selectors.events_visible_to``.
    """

    eventId = serializers.UUIDField(source="id", read_only=True)
    title = StrictCharField(min_length=1, max_length=200)
    description = StrictCharField(max_length=5000, allow_blank=True, required=False)
    date = UTCDateTimeField()
    endDate = UTCDateTimeField(source="end_date", allow_null=True, required=False)
    timezone = OptionalTextField(source="time_zone", max_length=64, validators=[validate_timezone])
    location = StrictCharField(max_length=255, allow_blank=True, required=False)
    # ``initial``: the browsable API's form preselects the model default, not the first choice.
    status = serializers.ChoiceField(
        choices=Event.Status.choices, required=False, initial=Event.Status.PUBLISHED
    )
    capacity = StrictIntegerField(min_value=1, allow_null=True, required=False)
    attendeeCount = serializers.IntegerField(source="going_count", read_only=True)
    spotsLeft = serializers.IntegerField(source="spots_left", read_only=True, allow_null=True)
    myRsvp = serializers.SerializerMethodField()
    createdBy = serializers.UUIDField(source="created_by_id", read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Event
        fields = [
            "eventId",
            "title",
            "description",
            "date",
            "location",
            "createdBy",
            "createdAt",
            "status",
            "endDate",
            "timezone",
            "capacity",
            "attendeeCount",
            "spotsLeft",
            "myRsvp",
        ]

    @extend_schema_field(RsvpSerializer(allow_null=True))
    def get_myRsvp(self, event: Event) -> dict | None:
        mine = getattr(event, "my_rsvps", None)
        return RsvpSerializer(mine[0]).data if mine else None

    def validate(self, attrs):
        start = attrs.get("date", getattr(self.instance, "date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start is not None and end is not None and end <= start:
            raise serializers.ValidationError({"endDate": "Must be after the start date."})
        return attrs


class MyRsvpSerializer(RsvpSerializer):
    event = EventSerializer(read_only=True)

    class Meta(RsvpSerializer.Meta):
        fields = ["rsvpId", "status", "createdAt", "event"]
