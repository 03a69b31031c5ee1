"""RSVPs and the seats they hold: a seat is taken or freed only by a conditional update."""

from django.db import IntegrityError
from django.db.models import F, Q

from accounts.models import User
from events import changes as announcements
from events.caching import events_changed
from events.models import Event, Rsvp
from events.services.errors import EventNotOpen
from events.tickets.services import ticket_issue, ticket_void
from eventsite.runtime import metrics
from eventsite.runtime.transactions import ConcurrentWrite, in_unit_of_work, transactional, unit_of_work


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
        candidate.status = Rsvp.Status.GOING
        announcements.announce(announcements.RSVP_PROMOTED, event=event, rsvp=candidate)
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
    ticket_issue(rsvp=rsvp)
    announcements.announce(announcements.RSVP_CREATED, event=event, rsvp=rsvp)
    metrics.count(metrics.RSVPS)
    events_changed()
    return rsvp


@transactional
def rsvp_cancel(*, rsvp: Rsvp) -> None:
    """Withdraw an RSVP and void its ticket; a freed seat goes to the oldest waitlisted person
    in the same transaction."""
    announcements.announce(announcements.RSVP_CANCELLED, event=rsvp.event, rsvp=rsvp)
    ticket_void(rsvp=rsvp)
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
