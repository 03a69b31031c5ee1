"""Reads of tickets."""

import uuid

from accounts.models import User
from events.models import Rsvp, Ticket

VALID = "valid"
CHECKED_IN = "checked_in"


def ticket_of(*, user: User, event_id: uuid.UUID) -> Ticket | None:
    """``user``'s live ticket to the event (its RSVP's, never a voided one), or None."""
    return (
        Ticket.objects.filter(event_id=event_id, holder=user, voided_at__isnull=True, rsvp__isnull=False)
        .select_related("rsvp", "event", "holder")
        .first()
    )


def ticket_admits(ticket: Ticket) -> bool:
    """Whether the ticket gets its holder in: not voided, and its RSVP is going (not waitlisted)."""
    return ticket.voided_at is None and ticket.rsvp is not None and ticket.rsvp.status == Rsvp.Status.GOING


def ticket_status(ticket: Ticket) -> str:
    """``checked_in`` once checked in, else ``valid`` (of a ticket that admits)."""
    return CHECKED_IN if ticket.checked_in_at is not None else VALID


def rsvp_ticket(*, rsvp_id: uuid.UUID | str) -> Ticket | None:
    """The live ticket of the RSVP with this id, or None (withdrawn, or from before tickets)."""
    return Ticket.objects.filter(rsvp_id=rsvp_id, voided_at__isnull=True).first()
