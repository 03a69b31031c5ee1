"""Tickets are issued and voided by the RSVP services (``events.services.rsvps``), inside the
unit of work of the RSVP's insert or withdrawal, so an RSVP never exists without its ticket."""

from django.utils import timezone

from events.models import Rsvp, Ticket


def ticket_issue(*, rsvp: Rsvp) -> Ticket:
    """The new RSVP's ticket, going or waitlisted: a waitlisted one's code is reserved, and it
    admits once the RSVP is promoted (``events.tickets.selectors.ticket_status``)."""
    return Ticket.objects.create(rsvp=rsvp, event_id=rsvp.event_id, holder_id=rsvp.user_id)


def ticket_void(*, rsvp: Rsvp) -> bool:
    """Void the RSVP's ticket for good, before the RSVP is deleted; whether there was one.

    The ticket stays (a withdrawn code is told apart from an unknown one at the door) without
    its RSVP; a later RSVP of the same person gets a new ticket and code.
    """
    voided = Ticket.objects.filter(rsvp_id=rsvp.pk, voided_at__isnull=True).update(
        voided_at=timezone.now(), rsvp=None
    )
    return voided == 1
