"""The browsable API's HTML forms: dates shown in the object's own time zone.

DRF fills a ``datetime-local`` input with the UTC wall time of the value. An event's form
shows its dates in the event's ``timezone`` instead, next to that ``timezone`` field, so that
the form submitted as shown (a local time without an offset, plus the zone) means the same
instant again.
"""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rest_framework import renderers, serializers
from rest_framework.utils.serializer_helpers import BoundField

TIME_ZONE_FIELD = "timezone"


def zone_named(name) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ValueError, ZoneInfoNotFoundError):
        return None


class HTMLFormRenderer(renderers.HTMLFormRenderer):
    zone: ZoneInfo | None = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        self.zone = zone_named(data.get(TIME_ZONE_FIELD))
        return super().render(data, accepted_media_type, renderer_context)

    def render_field(self, field, parent_style):
        if self.zone is not None and isinstance(field._field, serializers.DateTimeField):
            field = BoundField(field._field, self._local(field.value), field.errors, field._prefix)
        return super().render_field(field, parent_style)

    def _local(self, value):
        """An aware ISO 8601 value as the naive wall time in the zone; anything else (what was
        typed into a refused form) as it is."""
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return value
        if moment.tzinfo is None:
            return value
        try:
            return moment.astimezone(self.zone).replace(tzinfo=None).isoformat(timespec="milliseconds")
        except OverflowError:
            return value


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    form_renderer_class = HTMLFormRenderer
