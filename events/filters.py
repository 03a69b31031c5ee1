"""Search, filters and ordering for ``/events`` and ``/events/all`` (django-filter).

Text matching uses ``icontains``, which both engines escape (``%``/``_`` on SQL,
regex metacharacters on MongoDB); never ``iexact``/``regex`` on user input.
"""

import re
import uuid
from datetime import UTC, datetime, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django_filters.fields import BaseCSVField, IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from events.models import Event

BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]
BARE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A userId as the API writes it (``uuid.UUID`` also takes other spellings the schema does not offer).
USER_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


class CreatorField(forms.CharField):
    """``me`` or a userId."""

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None, "me"):
            return value
        if not USER_ID.fullmatch(value):
            raise forms.ValidationError("Must be 'me' or a userId.", code="invalid")
        return uuid.UUID(value)


@extend_schema_field({"anyOf": [{"type": "string", "enum": ["me"]}, {"type": "string", "format": "uuid"}]})
class CreatorFilter(django_filters.CharFilter):
    field_class = CreatorField


class UTCIsoDateTimeField(IsoDateTimeField):
    """ISO 8601, as a UTC datetime: a moment outside years 1 to 9999 in UTC (``0001-01-01T00:00+05:00``)
    is invalid here rather than an ``OverflowError`` where the database adapter converts it."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("Datetime value out of range.", code="invalid") from None


# A bare date is ISO 8601 too (that day's midnight, UTC).
@extend_schema_field({"anyOf": [{"type": "string", "format": fmt} for fmt in ("date-time", "date")]})
class UTCIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


class OrderingField(BaseCSVField):
    """The fields to sort by, comma-separated; an empty one (``date,`` or ``,``) is an error, not ignored."""

    def clean(self, value):
        if value and any(item in self.empty_values for item in value):
            raise ValidationError("Name a field between every two commas.", code="invalid_choice")
        return super().clean(value)


class EventOrderingFilter(django_filters.OrderingFilter):
    base_field_class = OrderingField

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        if ordered is qs:
            return qs
        # The id breaks ties, so pages stay stable whatever the sort.
        return ordered.order_by(*ordered.query.order_by, "id")


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=200, help_text="Text in title, description or location."
    )
    date_from = UTCIsoDateTimeFilter(
        method="filter_from", help_text="Events starting or still running at/after this time (ISO 8601)."
    )
    date_to = UTCIsoDateTimeFilter(
        method="filter_to",
        help_text="Events starting at/before this time (ISO 8601); a bare date includes that whole day.",
    )
    location = django_filters.CharFilter(
        lookup_expr="icontains", max_length=255, help_text="Text in the location, in any letter case."
    )
    createdBy = CreatorFilter(method="filter_created_by", help_text="`me` or a userId.")
    status = django_filters.ChoiceFilter(
        choices=Event.Status.choices,
        help_text="Only events in this status (draft shows only your own drafts).",
    )
    hasSpots = django_filters.ChoiceFilter(
        choices=BOOLEAN_CHOICES, method="filter_has_spots", help_text="Open events with free seats (`true`)."
    )
    ordering = EventOrderingFilter(
        fields=(("date", "date"), ("created_at", "createdAt"), ("title", "title")),
        help_text="date, -date, createdAt, -createdAt, title, -title.",
    )

    class Meta:
        model = Event
        fields = []

    def filter_q(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(location__icontains=value)
        )

    def filter_from(self, queryset: QuerySet[Event], name: str, value) -> QuerySet[Event]:
        return queryset.filter(Q(date__gte=value) | Q(end_date__gte=value))

    def filter_to(self, queryset: QuerySet[Event], name: str, value: datetime) -> QuerySet[Event]:
        # A bare date parses as that day's midnight; as an end it means the whole day.
        if BARE_DATE.fullmatch(self.data.get("to", "").strip()):
            try:
                end = value + timedelta(days=1)
            except OverflowError:
                # 9999-12-31: that day lasts to the end of time, so every event starts by its end.
                return queryset
            return queryset.filter(date__lt=end)
        return queryset.filter(date__lte=value)

    def filter_created_by(self, queryset: QuerySet[Event], name: str, value) -> QuerySet[Event]:
        return queryset.filter(created_by=self.request.user if value == "me" else value)

    def filter_has_spots(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        open_with_room = Q(status=Event.Status.PUBLISHED) & (
            Q(capacity__isnull=True) | Q(going_count__lt=F("capacity"))
        )
        return queryset.filter(open_with_room if value == "true" else ~open_with_room)


# ``from``/``to`` are Python keywords, so they are declared above under other names.
EventFilter.base_filters["from"] = EventFilter.base_filters.pop("date_from")
EventFilter.base_filters["to"] = EventFilter.base_filters.pop("date_to")
