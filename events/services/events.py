"""Writes of events themselves: create, update (under the RSVP rules), delete, cancel."""

import uuid
from datetime import datetime

from django.db import DatabaseError
from django.db.models import QuerySet

from accounts.models import User
from events import changes as announcements
from events.caching import events_changed
from events.images.services import event_images_forget
from events.models import Event, Rsvp
from events.services.errors import CapacityBelowAttendance, EventHasRsvps
from events.services.rsvps import _fill_seats
from eventsite.audit.services import audit_record
from eventsite.runtime import metrics
from eventsite.runtime.errors import NotFound
from eventsite.runtime.transactions import transactional, unit_of_work


def event_change_problems(*, event: Event, changes: dict) -> dict[str, str]:
    """What ``changes`` would break, field → message: a draft with RSVPs, fewer seats than going.

    Reads only. Inside the unit of work of a write it is the rule (``_enforce_rsvp_rules``);
    outside, a form shows the same messages before saving.
    """
    problems = {}
    if changes.get("status") == Event.Status.DRAFT and Rsvp.objects.filter(event_id=event.pk).exists():
        problems["status"] = EventHasRsvps.default_message
    capacity = changes.get("capacity")
    if capacity is not None:
        over = (
            Event.objects.filter(pk=event.pk, going_count__gt=capacity)
            .order_by()
            .values_list("going_count", flat=True)[:1]
        )
        if over:
            problems["capacity"] = f"Must be at least {over[0]}: that many people are already going."
    return problems


def _enforce_rsvp_rules(event: Event, changes: dict) -> None:
    """Refuse ``changes`` that strand or overbook attendees; the unit of work then writes nothing.

    Call inside the unit, after the event's own write. That write comes first on purpose:
    on SQLite it takes the database's write lock, so a concurrent RSVP either committed
    before these reads or waits until this unit ends; on MongoDB it claims the event's
    document, so a concurrent RSVP that takes or frees a seat (a write to that document)
    conflicts, and one of the two units runs again and sees the other. A waitlisted RSVP
    writes no event document, but it only joins a full event, whose going RSVPs already
    refuse the draft.
    """
    problems = event_change_problems(event=event, changes=changes)
    if "status" in problems:
        raise EventHasRsvps()
    if "capacity" in problems:
        raise CapacityBelowAttendance(problems["capacity"])


def event_create(
    *,
    created_by: User,
    title: str,
    date: datetime,
    description: str = "",
    location: str = "",
    event_id: uuid.UUID | None = None,
    **options,
) -> Event:
    """``options``: status, visibility, time_zone, end_date, capacity (see ``OPTIONAL_FIELDS``)."""
    unknown = set(options) - OPTIONAL_FIELDS
    if unknown:
        raise TypeError(f"event_create() got unknown fields: {sorted(unknown)}")
    event = Event(
        created_by=created_by, title=title, date=date, description=description, location=location, **options
    )
    if event_id is not None:
        event.id = event_id
    event.full_clean(exclude=["created_by"], validate_unique=False)
    _save_and_announce(event, force_insert=True)
    return event


@transactional
def _save_and_announce(event: Event, **save_options) -> None:
    event.save(**save_options)
    announcements.announce(announcements.EVENT_CREATED, event=event)
    metrics.count(metrics.EVENTS_CREATED)
    events_changed()


OPTIONAL_FIELDS = frozenset({"status", "visibility", "time_zone", "end_date", "capacity"})
EDITABLE_FIELDS = frozenset({"title", "description", "date", "location"}) | OPTIONAL_FIELDS


def event_update(*, event: Event, **changes) -> Event:
    """Save ``changes``; refuses a draft with RSVPs (``EventHasRsvps``) and fewer seats than going
    (``CapacityBelowAttendance``), and raises ``NotFound`` when the event was deleted meanwhile."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"event_update() got non-editable fields: {sorted(unknown)}")
    differing = {name for name, value in changes.items() if getattr(event, name) != value}
    before = {name: getattr(event, name) for name in differing}
    for name, value in changes.items():
        setattr(event, name, value)
    event.full_clean(exclude=["created_by"], validate_unique=False)
    seats_may_free = bool({"capacity", "status"} & set(changes))

    def save() -> None:
        try:
            event.save(update_fields=[*changes, "updated_at"])
        except DatabaseError as exc:
            if _matched_no_row(exc):
                raise NotFound() from None
            raise
        _enforce_rsvp_rules(event, changes)
        if seats_may_free:
            _fill_seats(event)
        if "date" in differing:
            _reminders_due_again(event)
        announcements.announce_event_change(event=event, changed=differing, before=before)
        if "status" in differing and event.status == Event.Status.CANCELLED:
            audit_record(action="event.cancel", target=event, changes={"statusBefore": before["status"]})
        events_changed()

    unit_of_work(save)
    if seats_may_free:
        event.refresh_from_db(fields=["going_count"])
    return event


def _matched_no_row(exc: DatabaseError) -> bool:
    """Django's own error for a ``save(update_fields=…)`` whose primary key matched no row: another
    request deleted the event meanwhile. A driver's errors are subclasses, or carry their cause."""
    return type(exc) is DatabaseError and exc.__cause__ is None


def _reminders_due_again(event: Event) -> None:
    """A moved start date makes a new reminder due to everyone (``events.tasks.send_reminder``)."""
    Rsvp.objects.filter(event_id=event.pk, reminded_at__isnull=False).update(reminded_at=None)


def event_saved(
    *, event: Event, fields_changed: set[str], created: bool = False, before: dict | None = None
) -> None:
    """After a form (the admin) saved ``event``: enforce the RSVP rules, retire cached lists,
    fill freed seats, tell the listeners (``before``: the form's values before the edit).

    Call inside the unit of work of the save, after it; raises ``EventHasRsvps`` or
    ``CapacityBelowAttendance`` (the unit then writes nothing).
    """
    ruled = {"status", "capacity"} & fields_changed
    _enforce_rsvp_rules(event, {name: getattr(event, name) for name in ruled})
    if {"capacity", "status"} & fields_changed:
        _fill_seats(event)
    if "date" in fields_changed and not created:
        _reminders_due_again(event)
    if created:
        announcements.announce(announcements.EVENT_CREATED, event=event)
        metrics.count(metrics.EVENTS_CREATED)
    else:
        announcements.announce_event_change(event=event, changed=fields_changed, before=before)
    events_changed()


@transactional
def event_delete(*, event: Event) -> None:
    """The event and its RSVPs go together (a multi-document write on MongoDB)."""
    announcements.announce(announcements.EVENT_DELETED, event=event)
    event_images_forget(events=[event])
    event.delete()
    events_changed()


@transactional
def events_delete(*, events: QuerySet[Event]) -> int:
    """Delete these events with their RSVPs; returns how many events went."""
    for event in events:
        announcements.announce(announcements.EVENT_DELETED, event=event)
    event_images_forget(events=list(events))
    deleted = events.delete()[1].get(Event._meta.label, 0)
    if deleted:
        events_changed()
    return deleted


@transactional
def events_cancel(*, events: QuerySet[Event]) -> int:
    """Cancel these events; returns how many changed. RSVPs are kept as the record."""
    to_cancel = list(events.exclude(status=Event.Status.CANCELLED))
    cancelled = (
        Event.objects.filter(pk__in=[event.pk for event in to_cancel])
        .exclude(status=Event.Status.CANCELLED)
        .update(status=Event.Status.CANCELLED)
    )
    if cancelled:
        for event in to_cancel:
            before, event.status = event.status, Event.Status.CANCELLED
            announcements.announce(announcements.EVENT_CANCELLED, event=event, changed={"status"})
            audit_record(action="event.cancel", target=event, changes={"statusBefore": before})
        events_changed()
    return cancelled
