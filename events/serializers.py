from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.db import models
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, RelatedField

from accounts.serializers import UserSerializer
from events.models import (
    CONTROL_CHARACTERS,
    Event,
    Rsvp,
    validate_no_control_characters,
    validate_timezone,
)
from eventsite.api.fields import (
    FormChoiceField,
    FormNullMixin,
    StrictCharField,
    StrictIntegerField,
    UTCDateTimeField,
)

MAX_CAPACITY = 1_000_000


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
        super().__init__(validators=[NO_CONTROL_CHARACTERS, validate_timezone], **kwargs)

    @property
    def request_schema(self) -> dict:
        """The names ``validate_timezone`` accepts, for the OpenAPI document (``eventsite.api.openapi``)."""
        return {"enum": ["", *sorted(available_timezones())]}


class NoControlCharacters:
    """``validate_no_control_characters``, naming what it refuses for the OpenAPI document's ``pattern``."""

    forbidden = CONTROL_CHARACTERS

    def __call__(self, value: str) -> None:
        validate_no_control_characters(value)


NO_CONTROL_CHARACTERS = NoControlCharacters()


# DRF's ``to_representation`` for model instances, with the per-object overhead hoisted.
# DRF walks a generator of readable fields for every object and resolves each source
# through a generic lookup (mappings, dotted paths, callables): most of the time of a page
# of events (bench/README.md). Here the readable fields are listed once per serializer and
# a field whose source is one plain model attribute is read with ``getattr``; every other
# field (method fields, relations, dotted sources, failed look-ups) keeps DRF's lookup.
# (A comment, not a docstring: serializers without their own would show it in the API docs.)
class FastReadMixin:
    @cached_property
    def _read_plan(self) -> list[tuple[serializers.Field, str | None]]:
        return [(field, _plain_attribute(field)) for field in self.fields.values() if not field.write_only]

    def to_representation(self, instance):
        if not isinstance(instance, models.Model):
            return super().to_representation(instance)
        data = {}
        for field, attribute in self._read_plan:
            value = getattr(instance, attribute, _MISSING) if attribute else _MISSING
            if value is _MISSING or callable(value):
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
            data[field.field_name] = None if value is None else field.to_representation(value)
        return data


_MISSING = object()


def _plain_attribute(field: serializers.Field) -> str | None:
    if isinstance(field, RelatedField | ManyRelatedField) or len(field.source_attrs) != 1:
        return None
    return field.source_attrs[0]


class RsvpSerializer(FastReadMixin, serializers.ModelSerializer):
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


class EventSerializer(FastReadMixin, serializers.ModelSerializer):
    """The legacy event shape plus lifecycle, capacity and the caller's RSVP.

    ``createdBy`` is always the authenticated creator. ``myRsvp`` reads the
    ``my_rsvps`` list prefetched by ``selectors.events_visible_to``.
    """

    eventId = serializers.UUIDField(source="id", read_only=True)
    # Text goes into iCalendar output too, which cannot carry control characters (RFC 5545).
    title = StrictCharField(min_length=1, max_length=200, validators=[NO_CONTROL_CHARACTERS])
    description = StrictCharField(
        max_length=5000, allow_blank=True, required=False, validators=[NO_CONTROL_CHARACTERS]
    )
    date = UTCDateTimeField()
    endDate = UTCDateTimeField(source="end_date", allow_null=True, required=False)
    timezone = TimeZoneField(source="time_zone", max_length=64)
    location = StrictCharField(
        max_length=255, allow_blank=True, required=False, validators=[NO_CONTROL_CHARACTERS]
    )
    # ``initial``: the browsable API's form preselects the model default, not the first choice.
    status = FormChoiceField(choices=Event.Status.choices, required=False, initial=Event.Status.PUBLISHED)
    # Bounded so a huge number is a 400, not an overflow of the 64-bit database integer.
    capacity = StrictIntegerField(min_value=1, max_value=MAX_CAPACITY, allow_null=True, required=False)
    attendeeCount = serializers.IntegerField(source="going_count", read_only=True)
    spotsLeft = serializers.IntegerField(source="spots_left", read_only=True, allow_null=True)
    # A nested serializer is built once per page; a method field built one per event.
    myRsvp = RsvpSerializer(source="my_rsvp", read_only=True, allow_null=True)
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
    event = EventSerializer(read_only=True)

    class Meta(RsvpSerializer.Meta):
        fields = ["rsvpId", "status", "createdAt", "event"]
