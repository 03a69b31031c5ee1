"""Writes for the events domain.

Every write that an event list shows runs as one unit of work
(``eventsite.runtime.transactions``) with ``events_changed()``, so the data and the list
cache's version change together or not at all.
"""

import random
import uuid
from datetime import datetime

from django.db import IntegrityError
from django.db.models import F, Q, QuerySet
from rest_framework.exceptions import APIException, ValidationError

from accounts.models import User
from events.models import CalendarFeed, Event, EventsVersion, Rsvp
from eventsite.runtime.transactions import ConcurrentWrite, in_unit_of_work, transactional, unit_of_work


def events_changed() -> None:
    """Retire every cached event list page: call in the unit of work of any write a list shows.

    Events, their seats and RSVPs (``myRsvp``) all appear in lists; ``events.caching``
    keys pages by the tokens of all ``EventsVersion`` shards, so a new token in any one
    makes every cached page unreachable. Each write replaces one shard chosen at random:
    concurrent writers rarely touch the same document, so they rarely conflict. Outside a
    unit of work (a script) it is one of its own.
    """
    if not in_unit_of_work():
        unit_of_work(events_changed)
        return
    shard = random.choice(EventsVersion.SHARD_IDS)
    token = uuid.uuid4()
    if EventsVersion.objects.filter(pk=shard).update(token=token):
        return
    try:
        EventsVersion.objects.create(id=shard, token=token)
    except IntegrityError as exc:
        # A concurrent first write created the shard; the unit runs again and updates it.
        raise ConcurrentWrite("events version shard created concurrently") from exc


class EventNotOpen(APIException):
    status_code = 409
    default_detail = "This event does not take RSVPs."
    default_code = "event_not_open"


class EventHasRsvps(APIException):
    status_code = 409
    default_detail = (
        "This event has RSVPs and cannot become a draft: its attendees could no longer see or "
        "withdraw them. Cancel it instead."
    )
    default_code = "event_has_rsvps"


class CapacityBelowAttendance(ValidationError):
    """400 naming ``capacity``: fewer seats than people already going."""

    def __init__(self, message: str):
        super().__init__({"capacity": [message]})


def event_change_problems(*, event: Event, changes: dict) -> dict[str, str]:
    """What ``changes`` would break, field → message: a draft with RSVPs, fewer seats than going.

    Reads only. Inside the unit of work of a write it is the rule (``_enforce_rsvp_rules``);
    outside, a form shows the same messages before saving.
    """
    problems = {}
    if changes.get("status") == Event.Status.DRAFT and Rsvp.objects.filter(event_id=event.pk).exists():
        problems["status"] = EventHasRsvps.default_detail
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
    """``options``: status, time_zone, end_date, capacity (see ``OPTIONAL_FIELDS``)."""
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
    events_changed()


OPTIONAL_FIELDS = frozenset({"status", "time_zone", "end_date", "capacity"})
EDITABLE_FIELDS = frozenset({"title", "description", "date", "location"}) | OPTIONAL_FIELDS


def event_update(*, event: Event, **changes) -> Event:
    """Save ``changes``; refuses a draft with RSVPs (409) and fewer seats than going (400)."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"event_update() got non-editable fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(event, name, value)
    event.full_clean(exclude=["created_by"], validate_unique=False)
    seats_may_free = bool({"capacity", "status"} & set(changes))

    def save() -> None:
        event.save(update_fields=[*changes, "updated_at"])
        _enforce_rsvp_rules(event, changes)
        if seats_may_free:
            _fill_seats(event)
        events_changed()

    unit_of_work(save)
    if seats_may_free:
        event.refresh_from_db(fields=["going_count"])
    return event


def event_saved(*, event: Event, fields_changed: set[str]) -> None:
    """After a form (the admin) saved ``event``: enforce the RSVP rules, retire cached lists,
    fill freed seats.

    Call inside the unit of work of the save, after it; raises ``EventHasRsvps`` or
    ``CapacityBelowAttendance`` (the unit then writes nothing).
    """
    ruled = {"status", "capacity"} & fields_changed
    _enforce_rsvp_rules(event, {name: getattr(event, name) for name in ruled})
    if {"capacity", "status"} & fields_changed:
        _fill_seats(event)
    events_changed()


@transactional
def event_delete(*, event: Event) -> None:
    """The event and its RSVPs go together (a multi-document write on MongoDB)."""
    event.delete()
    events_changed()


@transactional
def events_delete(*, events: QuerySet[Event]) -> int:
    """Delete these events with their RSVPs; returns how many events went."""
    deleted = events.delete()[1].get(Event._meta.label, 0)
    if deleted:
        events_changed()
    return deleted


@transactional
def events_cancel(*, events: QuerySet[Event]) -> int:
    """Cancel these events; returns how many changed. RSVPs are kept as the record."""
    cancelled = events.exclude(status=Event.Status.CANCELLED).update(status=Event.Status.CANCELLED)
    if cancelled:
        events_changed()
    return cancelled


def _take_seat(event: Event) -> bool:
    """One conditional update: a seat is taken only while the event is open and not full.

    The database evaluates the condition and the increment together, so concurrent
    RSVPs can never push ``going_count`` past ``capacity`` (no read-then-write).
    """
    has_room = Q(capacity__isnull=True) | Q(going_count__lt=F("capacity"))
    taken = (
        Event.objects.filter(pk=event.pk, status=Event.Status.PUBLISHED)
        .filter(has_room)
        .update(going_count=F("going_count") + 1)
    )
    return taken == 1


def _release_seat(event: Event) -> None:
    Event.objects.filter(pk=event.pk, going_count__gt=0).update(going_count=F("going_count") - 1)


@transactional
def event_fill_seats(*, event: Event) -> int:
    """Promote the oldest waitlisted RSVPs while seats are free; returns how many moved."""
    promoted = _fill_seats(event)
    if promoted:
        events_changed()
    return promoted


def _fill_seats(event: Event) -> int:
    """``event_fill_seats`` inside the caller's unit of work, which retires the cached lists.

    The seat is taken first (a write), so on SQLite the transaction holds the write
    lock before it reads the waitlist.
    """
    promoted = 0
    while _take_seat(event):
        candidate = (
            Rsvp.objects.filter(event=event, status=Rsvp.Status.WAITLISTED)
            .order_by("created_at", "id")
            .first()
        )
        if candidate is None:
            _release_seat(event)
            break
        Rsvp.objects.filter(pk=candidate.pk).update(status=Rsvp.Status.GOING)
        promoted += 1
    return promoted


def rsvp_create(*, event: Event, user: User) -> tuple[Rsvp, bool]:
    """The user's RSVP to the event: going if a seat is free, else waitlisted.

    Returns ``(rsvp, created)``; an existing RSVP is returned unchanged. The RSVP's
    unique (event, user) key decides between concurrent requests of one user: the loser's
    transaction is aborted (its seat with it), and the winner's RSVP is read afterwards.
    Inside another unit of work (an ``Idempotency-Key`` request) nothing can be read after
    an abort, so the RSVP is looked for first, and a lost race runs the whole unit again.
    """
    nested = in_unit_of_work()
    if nested or event.status != Event.Status.PUBLISHED:
        existing = Rsvp.objects.filter(event=event, user=user).first()
        if existing is not None:
            return existing, False
    if event.status != Event.Status.PUBLISHED:
        raise EventNotOpen(f"This event is {event.status} and does not take RSVPs.")
    try:
        return unit_of_work(lambda: (_rsvp_insert(event=event, user=user), True))
    except IntegrityError as exc:
        if nested:
            raise ConcurrentWrite("a concurrent request of this user RSVPed first") from exc
    return Rsvp.objects.get(event=event, user=user), False


def _rsvp_insert(*, event: Event, user: User) -> Rsvp:
    going = _take_seat(event)
    if not going and Event.objects.filter(pk=event.pk).exclude(status=Event.Status.PUBLISHED).exists():
        raise EventNotOpen("This event no longer takes RSVPs.")
    status = Rsvp.Status.GOING if going else Rsvp.Status.WAITLISTED
    rsvp = Rsvp.objects.create(event=event, user=user, status=status)
    events_changed()
    return rsvp


@transactional
def rsvp_cancel(*, rsvp: Rsvp) -> None:
    """Withdraw an RSVP; a freed seat goes to the oldest waitlisted person in the same transaction."""
    was_going = Rsvp.objects.filter(pk=rsvp.pk, status=Rsvp.Status.GOING).delete()[0]
    if was_going:
        _release_seat(rsvp.event)
        _fill_seats(rsvp.event)
    else:
        Rsvp.objects.filter(pk=rsvp.pk).delete()
    events_changed()


def rsvps_withdraw_for_deletion(*, users: list[User]) -> None:
    """Withdraw these users' RSVPs before the users are deleted, seat by seat.

    Deleting a user deletes their RSVPs too, but a deletion keeps no seat count: each
    seat is released here and goes to the event's waitlist (events of these users
    themselves go with them and are skipped).
    """
    leaving = {user.pk for user in users}
    for rsvp in Rsvp.objects.filter(user__in=leaving).select_related("event"):
        if rsvp.event.created_by_id not in leaving:
            rsvp_cancel(rsvp=rsvp)


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """A new key; the old feed URL stops working."""
    feed = calendar_feed_for(user=user)
    feed.key = uuid.uuid4()
    feed.save(update_fields=["key"])
    return feed


def calendar_feed_revoke(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()
