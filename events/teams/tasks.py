"""The team's background work: the email a new member gets."""

from events.teams.models import TeamMember
from eventsite.tasks import task


@task
def send_team_welcome(*, member_id: str) -> None:
    """The email telling a new team member of their role; none if they were removed meanwhile."""
    from events.teams import emails

    member = TeamMember.objects.filter(pk=member_id).select_related("event", "user").first()
    if member is not None:
        emails.send_team_welcome_email(member=member)
