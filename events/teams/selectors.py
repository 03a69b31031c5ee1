"""Who runs an event, and in which role."""

import functools
import operator
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from accounts.models import User
from events.models import Event
from events.teams.models import TeamMember

OWNER = "owner"
ORGANIZER = TeamMember.Role.ORGANIZER.value
CHECKER = TeamMember.Role.CHECKER.value
# Each role with what it may do; staff may do everything (events.permissions).
EDITORS = frozenset({OWNER, ORGANIZER})
CHECKERS = frozenset({OWNER, ORGANIZER, CHECKER})
ROLES = CHECKERS
# The roles in the order the API documents them.
ROLE_NAMES = [OWNER, ORGANIZER, CHECKER]


def role_of(*, user: User, event: Event) -> str | None:
    """``owner`` for the event's creator, the team role of a member, else None (staff included).

    A member's role is read once per event instance and user: the permission checks and the
    representation of one request all ask for it on the instance the view loaded.
    """
    if not user.is_authenticated:
        return None
    if event.created_by_id == user.pk:
        return OWNER
    roles = event.__dict__.setdefault("_team_roles", {})
    if user.pk not in roles:
        member = TeamMember.objects.filter(event=event, user=user)
        roles[user.pk] = member.values_list("role", flat=True).first()
    return roles[user.pk]


@dataclass(frozen=True)
class TeamEntry:
    """One person of an event's team as the API shows them: the owner too, who has no row."""

    user: User
    role: str
    added_at: datetime


def team_of(*, event: Event) -> list[TeamEntry]:
    """The owner first (added when the event was created), then the members, oldest first."""
    members = TeamMember.objects.filter(event=event).select_related("user").order_by("created_at", "id")
    return [TeamEntry(user=event.created_by, role=OWNER, added_at=event.created_at)] + [
        entry_of(member) for member in members
    ]


def entry_of(member: TeamMember) -> TeamEntry:
    return TeamEntry(user=member.user, role=member.role, added_at=member.created_at)


def id_from(text: str | None) -> uuid.UUID | None:
    """The id a URL names in any spelling of a UUID, or None for one that is not."""
    try:
        return uuid.UUID(text)
    except (TypeError, ValueError, AttributeError):
        return None


def team_member(*, event: Event, user_id: uuid.UUID) -> TeamMember | None:
    """The member row of this user on the event's team, with its user, or None."""
    return TeamMember.objects.filter(event=event, user_id=user_id).select_related("user").first()


def team_draft(*, user: User, event_id: str) -> Event | None:
    """The draft of this id (any text) if ``user`` is on its team: drafts the lists do not show them.

    Two indexed reads, no join (a join would run for every event on MongoDB).
    """
    event_id = id_from(event_id)
    if (
        event_id is None
        or not user.is_authenticated
        or not TeamMember.objects.filter(event_id=event_id, user=user).exists()
    ):
        return None
    return Event.objects.filter(pk=event_id, status=Event.Status.DRAFT).first()


def team_events(*, user: User, roles: frozenset[str]) -> tuple[QuerySet[Event], dict[uuid.UUID, str]]:
    """The events ``user`` helps run in one of ``roles`` (drafts too), soonest first, and their
    role in each by event id (owned events are not in the mapping: the creator's role is ``owner``)."""
    rows = TeamMember.objects.filter(user=user, role__in=roles - {OWNER}).order_by()
    member_roles = dict(rows.values_list("event_id", "role"))
    conditions = [Q(pk__in=list(member_roles))] if member_roles else []
    if OWNER in roles:
        conditions.append(Q(created_by=user))
    if not conditions:
        return Event.objects.none(), {}
    return Event.objects.filter(functools.reduce(operator.or_, conditions)).order_by(
        "date", "id"
    ), member_roles
