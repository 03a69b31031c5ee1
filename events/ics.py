"""iCalendar (RFC 5545) output through the ``icalendar`` library.

``icalendar`` is imported by the functions that use it: it is the heaviest import of the
events app and only the calendar endpoints need it (see bench/README.md, cold start).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rest_framework.renderers import BaseRenderer

from events.models import Event

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
    """Passes the calendar bytes through; error envelopes are JSON (``eventsite.exceptions``)."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data


def _local(moment: datetime, time_zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(time_zone) if time_zone else UTC)


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
    component.add("summary", event.title)
    if event.description:
        component.add("description", event.description)
    if event.location:
        component.add("location", event.location)
    component.add("status", ICS_STATUS[event.status])
    return component


def calendar_bytes(events: Iterable[Event], *, name: str | None = None) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
