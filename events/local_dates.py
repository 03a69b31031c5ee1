"""Event dates without an offset, read in the event's time zone.

A date such as ``2027-03-01T09:00:00`` (what an HTML datetime picker sends) is read in the
``timezone`` of the same request body, else the event's stored one, else UTC. A local time
that a daylight saving change skips is refused; one it repeats is the first of the two.
"""

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from rest_framework import serializers

from eventsite.api.fields import FORM_NULL, UTCDateTimeField, from_form
from eventsite.runtime.dates import to_milliseconds


def _zone(name) -> tzinfo:
    """The named zone; UTC for none, or for a name the ``timezone`` field refuses on its own."""
    if not isinstance(name, str) or not name or name == FORM_NULL:
        return UTC
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return UTC


class LocalDateTimeField(UTCDateTimeField):
    default_error_messages = {
        "nonexistent": "This local time does not exist in {zone}: the clocks skip it. Give an offset.",
    }

    def _local_zone(self) -> tzinfo:
        parent = self.parent
        data = getattr(parent, "initial_data", None)
        if hasattr(data, "get") and "timezone" in data:
            name = data.get("timezone")
            if name == FORM_NULL and not from_form(self):
                name = ""
            return _zone(name)
        return _zone(getattr(parent.instance, "time_zone", ""))

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="ISO 8601")
        parsed = serializers.DateTimeField.to_internal_value(self, value)
        if timezone.is_aware(parsed):
            return to_milliseconds(parsed)
        return to_milliseconds(self._localize(parsed.replace(tzinfo=None)))

    def enforce_timezone(self, value: datetime) -> datetime:
        # A date without an offset stays naive here, for ``to_internal_value`` to read in the zone.
        return super().enforce_timezone(value) if timezone.is_aware(value) else value

    def _localize(self, naive: datetime) -> datetime:
        zone = self._local_zone()
        local = naive.replace(tzinfo=zone, fold=0)
        try:
            moment = local.astimezone(UTC)
            round_trip = moment.astimezone(zone).replace(tzinfo=None)
        except OverflowError:
            self.fail("overflow")
        if round_trip != naive:
            self.fail("nonexistent", zone=str(zone))
        return moment
