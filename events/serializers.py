from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rest_framework import serializers

from accounts.serializers import UserSerializer
from events.images.models import ImageStatus
from events.images.serializers import ImageErrorField, MediaUrlField
from events.local_dates import LocalDateTimeField
from events.models import (
    CONTROL_CHARACTERS,
    Event,
    Rsvp,
    time_zone_names,
    validate_no_control_characters,
    validate_timezone,
)
from events.tickets.checkin_serializers import CheckedInCountField
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import (
    FormChoiceField,
    FormNullMixin,
    StrictCharField,
    StrictIntegerField,
    UTCDateTimeField,
)
from eventsite.api.serializers import FastReadMixin, OneValidationRound

MAX_CAPACITY = 1_000_000
# The serializer context's mapping of event id to the caller's RSVP (``selectors.rsvps_by_event``).
MY_RSVPS = "my_rsvps"
LOCAL_DATE_HELP = "ISO 8601; without an offset, read in the event's timezone (UTC when none). Shown in UTC."


class OptionalTextField(FormNullMixin, StrictCharField):
    """Stored as ``""`` when unset, shown as ``null``."""

    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, allow_null=True, required=False, **kwargs)

    def validate_empty_values(self, data):
        is_empty, value = super().validate_empty_values(data)
        return is_empty, ("" if is_empty and value is None else value)

    def to_representation(self, value):
        return value or None


class TimeZoneField(OptionalTextField):
    def __init__(self, **kwargs):
        # The browsable API's form offers the zone names as a list to pick from; the template
        # calls ``time_zone_names`` only when it renders, so building a serializer stays cheap.
        kwargs.setdefault("style", {"base_template": "time_zone_select.html", "zones": time_zone_names})
        # No zone name has spaces: trimmed, " " was read as "" (none), which the document's enum
        # rules out, and " Europe/Paris" as a name it does not list.
        super().__init__(
            validators=[NO_CONTROL_CHARACTERS, validate_timezone], trim_whitespace=False, **kwargs
        )

    @property
    def request_schema(self) -> dict:
        """The names ``validate_timezone`` accepts, for the OpenAPI document (``eventsite.api.openapi``)."""
        return {"enum": ["", *time_zone_names()]}


class NoControlCharacters:
    """``validate_no_control_characters``, naming what it refuses for the OpenAPI document's ``pattern``."""

    forbidden = CONTROL_CHARACTERS

    def __call__(self, value: str) -> None:
        validate_no_control_characters(value)


NO_CONTROL_CHARACTERS = NoControlCharacters()


class RsvpSerializer(FastReadMixin, serializers.ModelSerializer):
    rsvpId = serializers.UUIDField(source="id", read_only=True, help_text="The RSVP's id.")
    eventId = serializers.UUIDField(source="event_id", read_only=True, help_text="The event's id.")
    userId = serializers.UUIDField(source="user_id", read_only=True, help_text="The attendee's user id.")
    status = serializers.ChoiceField(
        choices=Rsvp.Status.choices,
        read_only=True,
        help_text="going holds a seat; waitlisted waits for one and moves up when a seat frees.",
    )
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text="When it was made (UTC).")

    class Meta:
        model = Rsvp
        fields = ["rsvpId", "eventId", "userId", "status", "createdAt"]


class AttendeeSerializer(RsvpSerializer):
    user = UserSerializer(read_only=True, help_text="The attendee.")
    # Through the RSVP's ticket, prefetched for the page (``selectors.event_attendees``); null
    # without a ticket or before the door.
    checkedInAt = UTCDateTimeField(
        source="ticket.checked_in_at",
        read_only=True,
        allow_null=True,
        help_text="When the attendee was checked in at the door (UTC); null until then.",
    )

    class Meta(RsvpSerializer.Meta):
        fields = ["rsvpId", "status", "createdAt", "user", "checkedInAt"]


class MyRsvpField(RsvpSerializer):
    """The caller's RSVP to the event, from the context's ``MY_RSVPS`` mapping (none without it)."""

    def get_attribute(self, instance: Event) -> Rsvp | None:
        return self.context.get(MY_RSVPS, {}).get(instance.pk)


class EventSerializer(OneValidationRound, FastReadMixin, serializers.ModelSerializer):
    """The legacy event shape plus lifecycle, capacity and the caller's RSVP.

    ``createdBy`` is always the authenticated creator. ``myRsvp`` is the caller's own RSVP
    to the event, or null.
    """

    eventId = serializers.UUIDField(source="id", read_only=True, help_text="The event's id.")
    # Text goes into iCalendar output too, which cannot carry control characters (RFC 5545).
    title = StrictCharField(
        min_length=1,
        max_length=200,
        validators=[NO_CONTROL_CHARACTERS],
        help_text="Its name, 1 to 200 characters.",
    )
    description = StrictCharField(
        max_length=5000,
        allow_blank=True,
        required=False,
        validators=[NO_CONTROL_CHARACTERS],
        style={"base_template": "textarea.html", "rows": 5},
        help_text="Free text, up to 5,000 characters; empty when there is none.",
    )
    # Without an offset, read in the event's time zone (``events.local_dates``).
    date = LocalDateTimeField(help_text=f"When it starts. {LOCAL_DATE_HELP}")
    endDate = LocalDateTimeField(
        source="end_date",
        allow_null=True,
        required=False,
        label="End date",
        help_text=f"When it ends, after date; null when open-ended. {LOCAL_DATE_HELP}",
    )
    timezone = TimeZoneField(
        source="time_zone",
        max_length=64,
        label="Time zone",
        help_text="IANA time zone name (e.g. Europe/Paris) the event happens in; null when none (UTC).",
    )
    location = StrictCharField(
        max_length=255,
        allow_blank=True,
        required=False,
        validators=[NO_CONTROL_CHARACTERS],
        help_text="Where it happens, up to 255 characters; empty when unset.",
    )
    # ``initial``: the browsable API's form preselects the model default, not the first choice.
    status = FormChoiceField(
        choices=Event.Status.choices,
        required=False,
        initial=Event.Status.PUBLISHED,
        help_text="published by default; a draft is listed only to its creator and staff.",
    )
    # ``public``: also readable without login at /public/events (published events only).
    visibility = FormChoiceField(
        choices=Event.Visibility.choices,
        required=False,
        initial=Event.Visibility.MEMBERS,
        help_text="members (default): signed-in users only; public: also at /public/events once published.",
    )
    # Bounded so a huge number is a 400, not an overflow of the 64-bit database integer.
    capacity = StrictIntegerField(
        min_value=1,
        max_value=MAX_CAPACITY,
        allow_null=True,
        required=False,
        help_text="Seats for going RSVPs; later ones are waitlisted. null: no limit.",
    )
    attendeeCount = serializers.IntegerField(
        source="going_count", read_only=True, help_text="RSVPs that are going (the waitlist not counted)."
    )
    spotsLeft = serializers.IntegerField(
        source="spots_left", read_only=True, allow_null=True, help_text="Seats still free; null: no limit."
    )
    imageUrl = MediaUrlField(source="image_name", help_text="The cover image, or null.")
    thumbnailUrl = MediaUrlField(
        source="thumbnail_name", help_text="A small copy of the cover image, or null."
    )
    imageStatus = serializers.ChoiceField(
        source="image_status",
        choices=ImageStatus.choices,
        read_only=True,
        help_text="`processing` from an upload until it is checked; `failed` when it was refused.",
    )
    imageError = ImageErrorField(source="image_error", help_text="Why the last upload was refused, or null.")
    # Only for the event's team, from the context (``CHECKED_IN_COUNTS``); before ``myRsvp``,
    # which the shared list pages need last (``events.pages``).
    checkedInCount = CheckedInCountField()
    # A nested serializer is built once per page; a method field built one per event. It reads
    # the context's ``MY_RSVPS``, which the view fills for the whole page in one query.
    myRsvp = MyRsvpField(
        source="*", read_only=True, allow_null=True, help_text="Your own RSVP to the event; null when none."
    )
    createdBy = serializers.UUIDField(
        source="created_by_id", read_only=True, help_text="The user id of its creator (its owner)."
    )
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text="When it was created (UTC).")

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
            "visibility",
            "endDate",
            "timezone",
            "capacity",
            "attendeeCount",
            "spotsLeft",
            "imageUrl",
            "thumbnailUrl",
            "imageStatus",
            "imageError",
            "checkedInCount",
            "myRsvp",
        ]

    def validate(self, attrs):
        start = attrs.get("date", getattr(self.instance, "date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start is not None and end is not None and end <= start:
            raise serializers.ValidationError({"endDate": "Must be after the start date."})
        self._validate_local_dates(attrs, start, end)
        return attrs

    def _validate_local_dates(self, attrs, start: datetime | None, end: datetime | None) -> None:
        """Each date must exist in the event's zone too (years 1 to 9999): iCalendar shows it there.

        The error names the date, or ``timezone`` when the date is the stored one.
        """
        name = attrs.get("time_zone", getattr(self.instance, "time_zone", ""))
        try:
            zone = ZoneInfo(name) if name else None
        except (ValueError, ZoneInfoNotFoundError):
            zone = None  # a stored name the tz database no longer knows: iCalendar uses UTC
        if zone is None:
            return
        errors = {}
        for key, source, moment in (("date", "date", start), ("endDate", "end_date", end)):
            try:
                if moment is not None:
                    moment.astimezone(zone)
            except OverflowError:
                field = key if source in attrs else "timezone"
                errors[field] = "Datetime value out of range in this time zone."
        if errors:
            raise serializers.ValidationError(errors)


class MyRsvpSerializer(RsvpSerializer):
    event = EventSerializer(read_only=True, help_text="The event the RSVP is for.")

    class Meta(RsvpSerializer.Meta):
        fields = ["rsvpId", "status", "createdAt", "event"]


# Output envelopes: what the views answer and what the OpenAPI document shows (the component
# is named after the class, less ``Serializer``).
class EventResponseSerializer(MessageResponseSerializer):
    event = EventSerializer(help_text="The event.")


class RsvpResponseSerializer(MessageResponseSerializer):
    rsvp = RsvpSerializer(help_text="The caller's RSVP.")


class CalendarKeySerializer(serializers.Serializer):
    key = serializers.UUIDField(help_text="The secret in your calendar feed's URL; a new one ends the old.")
    url = serializers.URLField(help_text="Your calendar feed (iCalendar), key included: subscribe to it.")


class CalendarKeyResponseSerializer(MessageResponseSerializer):
    calendarKey = CalendarKeySerializer(help_text="Your calendar feed key and its URL.")
