"""iCalendar (RFC 5545) output through the ``icalendar`` library.

``icalendar`` is imported by the functions that use it: it is the heaviest import of the
events app and only the calendar endpoints need it (see bench/README.md, cold start).

The API refuses control characters in event text, but stored data may hold them (imported
legacy events, older rows): RFC 5545 forbids them, so every text value is written without
them (``_text``); line breaks stay, escaped by ``icalendar``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rest_framework.renderers import BaseRenderer

from events.models import CONTROL_CHARACTERS, Event

if TYPE_CHECKING:
    import icalendar

PRODID = "-//eventsite//events//EN"
UID_DOMAIN = "eventsite"
ICS_STATUS = {
    Event.Status.PUBLISHED: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
    Event.Status.DRAFT: "TENTATIVE",
}


class ICalendarRenderer(BaseRenderer):
    """Passes the calendar bytes through; error envelopes are JSON (``eventsite.api.exceptions``)."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data


def _text(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


def _local(moment: datetime, time_zone: str) -> datetime:
    """In the event's zone; UTC without one, for a stored name the tz database does not know, or
    where the zone's time would fall outside the calendar."""
    name = _text(time_zone)
    try:
        return moment.astimezone(ZoneInfo(name) if name else UTC)
    except (ValueError, OSError, OverflowError, ZoneInfoNotFoundError):
        # OverflowError: a moment at the ends of the calendar that the zone's offset pushes out.
        return moment.astimezone(UTC)


def event_component(event: Event) -> icalendar.Event:
    import icalendar

    component = icalendar.Event()
    component.add("uid", f"{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", event.updated_at.astimezone(UTC))
    component.add("created", event.created_at.astimezone(UTC))
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("dtstart", _local(event.date, event.time_zone))
    if event.end_date is not None:
        component.add("dtend", _local(event.end_date, event.time_zone))
    component.add("summary", _text(event.title))
    if event.description:
        component.add("description", _text(event.description))
    if event.location:
        component.add("location", _text(event.location))
    component.add("status", ICS_STATUS[event.status])
    return component


def calendar_bytes(events: Iterable[Event], *, name: str | None = None) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", _text(name))
    for event in events:
        calendar.add_component(event_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
