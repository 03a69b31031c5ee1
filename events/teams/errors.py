"""What the team services refuse (``eventsite.api.exceptions`` says how the API answers)."""

from eventsite.runtime.errors import Conflict, NotFound


class EmailNotRegistered(NotFound):
    """No active account has this address; the register endpoint already tells as much."""

    code = "email_not_registered"
    default_message = "No account is registered with this email."


class NotOnTeam(NotFound):
    code = "not_on_team"
    default_message = "This user is not on the event's team."


class AlreadyOnTeam(Conflict):
    code = "already_on_team"
    default_message = "This user is already on the event's team."


class TeamFull(Conflict):
    code = "team_full"

    def __init__(self, *, limit: int):
        super().__init__(f"The team already has {limit} members, the most an event may have.")


class TeamOwner(Conflict):
    """The owner is the event's creator, not a member: their role cannot change nor can they leave."""

    code = "team_owner"
    default_message = "The event's owner is not a team member: their role cannot be changed or removed."
