"""Writes for the events domain.

Every write that an event list shows runs as one unit of work
(``eventsite.runtime.transactions``) with ``events_changed()``, so the data and the list
cache's version change together or not at all.
"""

from events.caching import events_changed
from events.services.calendar import calendar_feed_for, calendar_feed_revoke, calendar_feed_rotate
from events.services.errors import CapacityBelowAttendance, EventHasRsvps, EventNotOpen
from events.services.events import (
    EDITABLE_FIELDS,
    OPTIONAL_FIELDS,
    event_change_problems,
    event_create,
    event_delete,
    event_saved,
    event_update,
    events_cancel,
    events_delete,
)
from events.services.rsvps import event_fill_seats, rsvp_cancel, rsvp_create, rsvps_withdraw_for_deletion

__all__ = [
    "EDITABLE_FIELDS",
    "OPTIONAL_FIELDS",
    "CapacityBelowAttendance",
    "EventHasRsvps",
    "EventNotOpen",
    "calendar_feed_for",
    "calendar_feed_revoke",
    "calendar_feed_rotate",
    "event_change_problems",
    "event_create",
    "event_delete",
    "event_fill_seats",
    "event_saved",
    "event_update",
    "events_cancel",
    "events_changed",
    "events_delete",
    "rsvp_cancel",
    "rsvp_create",
    "rsvps_withdraw_for_deletion",
]
