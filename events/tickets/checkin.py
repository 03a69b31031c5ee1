"""Check-in at the door: a ticket's code admits its holder once.

A check-in is one conditional update (``checked_in_at`` still null), so of concurrent
check-ins of one code exactly one succeeds, on every engine; the others are told when the
first one happened.
"""

from datetime import UTC, datetime

from django.utils import timezone

from accounts.models import User
from events.models import Event, Rsvp, Ticket
from eventsite.audit.services import audit_record
from eventsite.runtime import metrics
from eventsite.runtime.dates import to_milliseconds
from eventsite.runtime.errors import ApplicationError, Conflict, NotFound
from eventsite.runtime.transactions import unit_of_work


class TicketNotFound(NotFound):
    """No ticket of this event has this code (another event's code is not told apart)."""

    code = "ticket_not_found"
    default_message = "No ticket of this event has this code."


class TicketWithdrawn(Conflict):
    """The RSVP was withdrawn: its ticket admits no one any more."""

    code = "ticket_withdrawn"
    default_message = "This ticket was withdrawn with its RSVP and does not admit anyone."


class RsvpWaitlisted(Conflict):
    """The holder is on the waitlist, without a seat."""

    code = "rsvp_waitlisted"
    default_message = "This ticket's holder is on the waitlist and has no seat."


class AlreadyCheckedIn(Conflict):
    """The ticket was used before; ``details`` carries when."""

    code = "already_checked_in"

    def __init__(self, *, checked_in_at: datetime):
        moment = checked_in_at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        super().__init__(f"This ticket was already checked in at {moment}.", details={"checkedInAt": moment})
        self.checked_in_at = checked_in_at


class NotCheckedIn(Conflict):
    """Undoing a check-in that did not happen (or was undone already)."""

    code = "not_checked_in"
    default_message = "This ticket is not checked in."


def _ticket_of(*, event: Event, code: str) -> Ticket:
    try:
        return Ticket.objects.select_related("holder", "rsvp").get(event=event, code=code)
    except Ticket.DoesNotExist:
        raise TicketNotFound() from None


def ticket_check_in(*, event: Event, code: str, by: User) -> Ticket:
    """Admit the holder of the ticket with ``code``; the ticket, checked in, with its holder.

    Raises ``TicketNotFound``, ``TicketWithdrawn``, ``RsvpWaitlisted`` or, for a ticket
    checked in before (also by a concurrent request a moment ago), ``AlreadyCheckedIn``.
    """
    ticket = _ticket_of(event=event, code=code)
    if ticket.checked_in_at is not None:
        raise AlreadyCheckedIn(checked_in_at=ticket.checked_in_at)
    if ticket.voided_at is not None or ticket.rsvp is None:
        raise TicketWithdrawn()
    if ticket.rsvp.status == Rsvp.Status.WAITLISTED:
        raise RsvpWaitlisted()
    # Cut as MongoDB stores it, so the answer shows what every later read shows.
    now = to_milliseconds(timezone.now())

    def admit() -> None:
        admitted = Ticket.objects.filter(
            pk=ticket.pk, checked_in_at__isnull=True, voided_at__isnull=True
        ).update(checked_in_at=now, checked_in_by=by)
        if admitted != 1:
            raise _refusal_after_race(ticket)
        audit_record(action="ticket.check_in", target=ticket, changes={"eventId": str(event.pk)}, actor=by)
        metrics.count(metrics.CHECK_INS)

    unit_of_work(admit)
    ticket.checked_in_at, ticket.checked_in_by = now, by
    return ticket


def _refusal_after_race(ticket: Ticket) -> ApplicationError:
    """Why the conditional update changed nothing: another check-in, or a withdrawal, came first."""
    current = Ticket.objects.filter(pk=ticket.pk).values("checked_in_at").first()
    if current is None:
        return TicketNotFound()
    if current["checked_in_at"] is not None:
        return AlreadyCheckedIn(checked_in_at=current["checked_in_at"])
    return TicketWithdrawn()


def ticket_check_in_undo(*, event: Event, code: str, by: User | None = None) -> None:
    """Undo the check-in of the ticket with ``code`` (a mistake at the door).

    Raises ``TicketNotFound``, or ``NotCheckedIn`` when it is not checked in.
    """
    ticket = _ticket_of(event=event, code=code)

    def undo() -> None:
        undone = Ticket.objects.filter(pk=ticket.pk, checked_in_at__isnull=False).update(
            checked_in_at=None, checked_in_by=None
        )
        if undone != 1:
            raise NotCheckedIn()
        audit_record(
            action="ticket.check_in_undo", target=ticket, changes={"eventId": str(event.pk)}, actor=by
        )

    unit_of_work(undo)
