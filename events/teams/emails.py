"""The email a new team member gets (sent from ``events.teams.tasks.send_team_welcome``)."""

from accounts.mail import public_url, send_email
from events.changes import event_json
from events.emails import shown_event
from events.teams.models import TeamMember

WHAT_EACH_ROLE_MAY_DO = {
    TeamMember.Role.ORGANIZER: "edit the event, see its attendees, check people in and manage its team",
    TeamMember.Role.CHECKER: "check people in at the door",
}


def send_team_welcome_email(*, member: TeamMember) -> bool:
    """Account mail (no category): it tells of access given to the account, as a reset does."""
    context = {
        "event": shown_event(event_json(member.event)),
        "role": member.role,
        "may": WHAT_EACH_ROLE_MAY_DO[member.role],
        "added_by": member.added_by.name if member.added_by else "",
        "url": public_url(f"/events/{member.event_id}"),
        "events_url": public_url("/users/me/events"),
    }
    return send_email(user=member.user, template="team_added", context=context, category=None)
