"""Paths and people of the check-in tests."""

from events.models import Event, TeamMember, Ticket
from tests.factories import RsvpFactory, TeamMemberFactory, TicketFactory, UserFactory


def checkin_path(event: Event, code: str | None = None) -> str:
    return f"/events/{event.pk}/checkin" + (f"/{code}" if code is not None else "")


def ticket_for(event: Event, **rsvp) -> Ticket:
    """A going RSVP to ``event`` and its ticket (as the RSVP service makes them)."""
    return TicketFactory(rsvp=RsvpFactory(event=event, **rsvp))


def checker_of(event: Event):
    return TeamMemberFactory(event=event, user=UserFactory(), role=TeamMember.Role.CHECKER).user
