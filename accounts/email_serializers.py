"""Bodies of the email endpoints: verification, address change, unsubscribe (``accounts.email_views``)."""

from rest_framework import serializers

from accounts.serializers import EmailField
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import StrictCharField


class EmailVerifySerializer(serializers.Serializer):
    userId = serializers.UUIDField(
        help_text="The `userId` given in the verification or address-change email."
    )
    token = StrictCharField(
        max_length=255, help_text="The token given in that email; it works once and expires."
    )


class EmailChangeSerializer(serializers.Serializer):
    email = EmailField(max_length=254, help_text="The new address; it must be confirmed from there.")
    password = StrictCharField(
        max_length=128, trim_whitespace=False, write_only=True, help_text="Your password, to confirm."
    )


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
    {
        "List-Unsubscribe": serializers.ChoiceField(
            choices=["One-Click"],
            required=False,
            help_text="`One-Click`, as mail clients send it; the token in the URL is what unsubscribes.",
        )
    },
)


# Which category of email the link turned off, named as in the user's ``preferences``.
class UnsubscribeResponseSerializer(MessageResponseSerializer):
    preference = serializers.ChoiceField(
        choices=list(PREFERENCE_NAMES.values()),
        read_only=True,
        help_text="The category of email now off, named as in the profile's `preferences`.",
    )
