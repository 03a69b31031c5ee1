"""Who runs an event, and in which role."""

from accounts.models import User
from events.models import Event
from events.teams.models import TeamMember

OWNER = "owner"
ORGANIZER = TeamMember.Role.ORGANIZER.value
CHECKER = TeamMember.Role.CHECKER.value
# Each role with what it may do; staff may do everything (events.permissions).
EDITORS = frozenset({OWNER, ORGANIZER})
CHECKERS = frozenset({OWNER, ORGANIZER, CHECKER})


def role_of(*, user: User, event: Event) -> str | None:
    """``owner`` for the event's creator, the team role of a member, else None (staff included)."""
    if not user.is_authenticated:
        return None
    if event.created_by_id == user.pk:
        return OWNER
    return TeamMember.objects.filter(event=event, user=user).values_list("role", flat=True).first()
