"""Reads for check-in: how many came, shown to the event's team only."""

import uuid

from accounts.models import User
from events.models import Event, Ticket
from events.teams.selectors import CHECKERS, role_of


def checked_in_counts_for(*, user: User, event: Event) -> dict[uuid.UUID, int]:
    """``{event id: tickets checked in}`` for the event's team and staff, ``{}`` for anyone else.

    One count (on the ticket's (event, checked_in_at) index), only for those who see it.
    """
    if not (user.is_staff or role_of(user=user, event=event) in CHECKERS):
        return {}
    return {event.pk: Ticket.objects.filter(event=event, checked_in_at__isnull=False).count()}
