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


class TeamMemberSerializer(serializers.Serializer):
    """One person of the event's team, the owner included."""

    userId = serializers.UUIDField(source="user.pk")
    name = serializers.CharField(source="user.name")
    email = serializers.EmailField(source="user.email")
    role = serializers.ChoiceField(choices=ROLE_NAMES)
    addedAt = UTCDateTimeField(source="added_at")


class TeamMemberAddSerializer(serializers.Serializer):
    email = EmailField(max_length=254)
    role = FormChoiceField(choices=TeamMember.Role.choices)


# PATCH: an omitted role stays as it is.
class TeamMemberRoleSerializer(serializers.Serializer):
    role = FormChoiceField(choices=TeamMember.Role.choices, required=False)


class TeamResponseSerializer(MessageResponseSerializer):
    team = TeamMemberSerializer(many=True)


class TeamMemberResponseSerializer(MessageResponseSerializer):
    member = TeamMemberSerializer()


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

    myRole = MyRoleField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "myRole"]
