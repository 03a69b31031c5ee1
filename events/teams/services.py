"""Writes of an event's team: add a member by email, change a member's role, remove a member."""

from django.db import IntegrityError

from accounts.models import User
from accounts.selectors import active_user_by_email
from events.models import Event
from events.teams.errors import AlreadyOnTeam, EmailNotRegistered, NotOnTeam, TeamFull
from events.teams.models import TeamMember
from events.teams.tasks import send_team_welcome
from eventsite.audit.services import audit_record
from eventsite.runtime.errors import InvalidInput
from eventsite.runtime.transactions import ConcurrentWrite, in_unit_of_work, transactional, unit_of_work
from eventsite.tasks import enqueue

ROLES = frozenset(TeamMember.Role.values)
# The most members (the owner aside) an event's team may have.
MAX_TEAM_SIZE = 50


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(errors={"role": [f"Must be one of: {', '.join(sorted(ROLES))}."]})


def team_member_add(*, event: Event, email: str, role: str, added_by: User) -> TeamMember:
    """Add the active account of ``email`` (any spelling, as login finds it) to the team as ``role``.

    The unique (event, user) key decides between concurrent adds of one user; inside an
    enclosing unit of work (an ``Idempotency-Key`` request) a lost race runs that unit again,
    which then finds the member. The size limit is checked by a count before the insert, so
    concurrent adds can pass it by a few.
    """
    _check_role(role)
    user = active_user_by_email(email=email)
    if user is None:
        raise EmailNotRegistered()
    if user.pk == event.created_by_id:
        raise AlreadyOnTeam("This user is the event's owner.")
    if TeamMember.objects.filter(event=event, user=user).exists():
        raise AlreadyOnTeam()
    if TeamMember.objects.filter(event=event).count() >= MAX_TEAM_SIZE:
        raise TeamFull(limit=MAX_TEAM_SIZE)
    nested = in_unit_of_work()
    try:
        return unit_of_work(lambda: _insert(event=event, user=user, role=role, added_by=added_by))
    except IntegrityError as exc:
        if nested:
            raise ConcurrentWrite("a concurrent request added this user first") from exc
        raise AlreadyOnTeam() from exc


def _insert(*, event: Event, user: User, role: str, added_by: User) -> TeamMember:
    member = TeamMember.objects.create(event=event, user=user, role=role, added_by=added_by)
    audit_record(action="team.add", target=member, changes=_summary(member), actor=added_by)
    enqueue(send_team_welcome, member_id=str(member.pk))
    return member


@transactional
def team_member_change_role(*, member: TeamMember, role: str) -> TeamMember:
    _check_role(role)
    if not TeamMember.objects.filter(pk=member.pk).update(role=role):
        raise NotOnTeam()
    before, member.role = member.role, role
    audit_record(action="team.change_role", target=member, changes={**_summary(member), "roleBefore": before})
    return member


@transactional
def team_member_remove(*, member: TeamMember) -> None:
    """Remove the member; one removed meanwhile by another request is gone all the same."""
    if TeamMember.objects.filter(pk=member.pk).delete()[0]:
        audit_record(action="team.remove", target=member, changes=_summary(member))


def _summary(member: TeamMember) -> dict:
    return {"eventId": str(member.event_id), "userId": str(member.user_id), "role": member.role}
