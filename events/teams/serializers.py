"""The team's request and response bodies (camelCase), and the events a user helps run."""

from rest_framework import serializers

from accounts.serializers import EmailField
from events.serializers import EventSerializer
from events.teams.models import TeamMember
from events.teams.selectors import OWNER, ROLE_NAMES
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import FormChoiceField, UTCDateTimeField

# The serializer context's mapping of event id to the caller's team role (``selectors.team_events``).
MY_ROLES = "my_roles"
MEMBER_ROLE_HELP = "organizer: edits the event and its team; checker: checks tickets in at the door."
ROLE_HELP = f"owner: the event's creator. {MEMBER_ROLE_HELP}"


class TeamMemberSerializer(serializers.Serializer):
    """One person of the event's team, the owner included."""

    userId = serializers.UUIDField(source="user.pk", help_text="The member's user id.")
    name = serializers.CharField(source="user.name", help_text="The member's name.")
    email = serializers.EmailField(source="user.email", help_text="The member's email address.")
    role = serializers.ChoiceField(choices=ROLE_NAMES, help_text=ROLE_HELP)
    addedAt = UTCDateTimeField(
        source="added_at",
        help_text="When they joined the team (UTC); for the owner, when the event was created.",
    )


class TeamMemberAddSerializer(serializers.Serializer):
    email = EmailField(max_length=254, help_text="The email of an active account to add (any letter case).")
    role = FormChoiceField(choices=TeamMember.Role.choices, help_text=MEMBER_ROLE_HELP)


# PATCH: an omitted role stays as it is.
class TeamMemberRoleSerializer(serializers.Serializer):
    role = FormChoiceField(
        choices=TeamMember.Role.choices, required=False, help_text=f"{MEMBER_ROLE_HELP} Omitted: unchanged."
    )


class TeamResponseSerializer(MessageResponseSerializer):
    team = TeamMemberSerializer(many=True, help_text="Everyone who runs the event, the owner included.")


class TeamMemberResponseSerializer(MessageResponseSerializer):
    member = TeamMemberSerializer(help_text="The team member.")


class MyRoleField(serializers.ChoiceField):
    """The caller's role in the event: ``owner`` for its creator, else from the context's ``MY_ROLES``."""

    def __init__(self, **kwargs):
        super().__init__(choices=ROLE_NAMES, source="*", read_only=True, **kwargs)

    def get_attribute(self, event):
        if event.created_by_id == self.context["request"].user.pk:
            return OWNER
        return self.context.get(MY_ROLES, {}).get(event.pk)


class MyTeamEventSerializer(EventSerializer):
    """An event the caller helps run, with their role in it."""

    myRole = MyRoleField(help_text="Your role in the event's team.")

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "myRole"]
