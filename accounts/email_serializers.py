"""Bodies of the email endpoints: verification, address change, unsubscribe (``accounts.email_views``)."""

from rest_framework import serializers

from accounts.serializers import EmailField
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import StrictCharField


class EmailVerifySerializer(serializers.Serializer):
    userId = serializers.UUIDField()
    token = StrictCharField(max_length=255)


class EmailChangeSerializer(serializers.Serializer):
    email = EmailField(max_length=254, help_text="The new address; it must be confirmed from there.")
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)


# ``accounts.mail.CATEGORIES`` as the user's ``preferences`` name them.
PREFERENCE_NAMES = {
    "rsvp_updates": "rsvpUpdates",
    "event_changes": "eventChanges",
    "reminders": "reminders",
    "organizer_digest": "organizerDigest",
}


# RFC 8058's one-click body, as a mail client sends it; the token is in the URL.
OneClickUnsubscribeSerializer = type(
    "OneClickUnsubscribeSerializer",
    (serializers.Serializer,),
    {"List-Unsubscribe": serializers.ChoiceField(choices=["One-Click"], required=False)},
)


# Which category of email the link turned off, named as in the user's ``preferences``.
class UnsubscribeResponseSerializer(MessageResponseSerializer):
    preference = serializers.ChoiceField(choices=list(PREFERENCE_NAMES.values()), read_only=True)
