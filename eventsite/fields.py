"""Serializer fields shared by the apps."""

from datetime import UTC, datetime

from django.utils import timezone
from rest_framework import serializers

from eventsite.dates import to_milliseconds


class StrictCharField(serializers.CharField):
    """A CharField that accepts JSON strings only (DRF's also takes numbers)."""

    default_error_messages = {"invalid": "Must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class UTCDateTimeField(serializers.DateTimeField):
    """ISO 8601 in; out always UTC with milliseconds and ``Z``, as the legacy API.

    Values are kept at millisecond precision, which is what MongoDB stores.
    """

    default_error_messages = {
        "invalid": "Datetime has wrong format. Use ISO 8601, e.g. 2025-12-15T09:00:00.000Z.",
    }

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="ISO 8601")
        parsed = super().to_internal_value(value)
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, UTC)
        return to_milliseconds(parsed)

    def to_representation(self, value: datetime | None):
        if value is None:
            return None
        # isoformat pads years before 1000 to four digits; strftime("%Y") does not.
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
