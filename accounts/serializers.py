import json

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.text import format_lazy
from rest_framework import serializers

from accounts.models import User, email_domain_is_valid, normalize_email
from accounts.selectors import email_verified
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import (
    CurrentUserAttribute,
    FormStrictCharField,
    StrictBooleanField,
    StrictCharField,
    UTCDateTimeField,
)
from eventsite.api.serializers import OneValidationRound

USER_ID_HELP = "The user's ID (a UUID)."
NAME_HELP = "The user's name, as others on an event see it."


class UserSerializer(serializers.ModelSerializer):
    userId = serializers.UUIDField(source="id", read_only=True, help_text=USER_ID_HELP)
    emailVerified = serializers.SerializerMethodField(
        help_text="The address was verified (`POST /users/email/verify`) and has not bounced since."
    )

    class Meta:
        model = User
        fields = ["userId", "name", "email", "emailVerified"]
        read_only_fields = fields
        extra_kwargs = {
            "name": {"help_text": NAME_HELP},
            "email": {"help_text": "The address the user logs in with and receives mail at, lower-cased."},
        }

    def get_emailVerified(self, user: User) -> bool:
        return email_verified(user=user)


class UserPublicSerializer(serializers.ModelSerializer):
    """A user as others on an event see them, without their email (a ticket's holder, a door checker)."""

    userId = serializers.UUIDField(source="id", read_only=True, help_text=USER_ID_HELP)

    class Meta:
        model = User
        fields = ["userId", "name"]
        read_only_fields = fields
        extra_kwargs = {"name": {"help_text": NAME_HELP}}


# The email categories a user receives (``accounts.mail.CATEGORIES``); account mail always goes.
class PreferencesSerializer(serializers.Serializer):
    """The email categories a user receives; in a form or multipart body, one field holding a JSON object."""

    rsvpUpdates = StrictBooleanField(
        source="email_rsvp_updates",
        required=False,
        help_text="Mail about your own RSVPs: confirmed, waitlisted, given a seat from the waitlist.",
    )
    eventChanges = StrictBooleanField(
        source="email_event_changes",
        required=False,
        help_text="Mail when an event you RSVPed to changes or is cancelled.",
    )
    reminders = StrictBooleanField(
        source="email_reminders",
        required=False,
        help_text="A reminder mail before an event you are going to.",
    )
    organizerDigest = StrictBooleanField(
        source="email_organizer_digest",
        required=False,
        help_text="A digest mail of the RSVPs made and withdrawn on your events; off for a new account.",
    )

    def get_value(self, dictionary):
        if isinstance(dictionary, QueryDict) and self.field_name in dictionary:
            try:
                return json.loads(dictionary[self.field_name])
            except ValueError:
                return dictionary[self.field_name]
        return super().get_value(dictionary)


class UserProfileSerializer(UserSerializer):
    createdAt = UTCDateTimeField(
        source="created_at", read_only=True, help_text="When the account was registered (UTC)."
    )
    pendingEmail = serializers.SerializerMethodField(
        help_text="The address asked for by `POST /users/me/email`, until it is confirmed; else null."
    )
    preferences = PreferencesSerializer(
        source="*", read_only=True, help_text="Which categories of email the user receives."
    )

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "createdAt", "pendingEmail", "preferences"]
        read_only_fields = fields

    def get_pendingEmail(self, user: User) -> str | None:
        return user.pending_email or None


# Register and login: the user, signed in (``pair``: a ``services.TokenPair``). Output serializers
# carry comments, not docstrings, which the OpenAPI document would publish.
ACCESS_HELP = "Access JWT for `Authorization: Bearer …`; valid for an hour by default."
REFRESH_HELP = "Refresh JWT for `/users/token/refresh`: good for one refresh, within 7 days by default."


class AuthResponseSerializer(MessageResponseSerializer):
    user = UserSerializer(help_text="The signed-in user.")
    token = serializers.CharField(source="pair.access", help_text=ACCESS_HELP)
    refreshToken = serializers.CharField(source="pair.refresh", help_text=REFRESH_HELP)


# A ``services.TokenPair``, as a refresh answers it.
class TokenPairSerializer(serializers.Serializer):
    token = serializers.CharField(source="access", help_text=ACCESS_HELP)
    refreshToken = serializers.CharField(source="refresh", help_text=REFRESH_HELP)


class ProfileResponseSerializer(MessageResponseSerializer):
    user = UserProfileSerializer(help_text="Your profile.")


class UserUpdateSerializer(serializers.Serializer):
    # PATCH is partial: an omitted name or preference stays as it is; ``email`` is ignored
    # (``POST /users/me/email`` changes it).
    name = FormStrictCharField(
        min_length=1,
        max_length=150,
        default=CurrentUserAttribute("name"),
        help_text="Your new name, 1 to 150 characters; omitted: unchanged.",
    )
    preferences = PreferencesSerializer(
        required=False, help_text="Email categories to turn on or off; an omitted category stays as it is."
    )


class EmailField(serializers.EmailField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return normalize_email(super().to_internal_value(data))


# The rules of AUTH_PASSWORD_VALIDATORS in their own words, read when a schema or form shows them
# (building the validators loads the common-password list: not at import).
PASSWORD_RULES = lazy(lambda: " ".join(password_validation.password_validators_help_texts()), str)()


class RegisterSerializer(OneValidationRound, serializers.Serializer):
    name = StrictCharField(
        min_length=1,
        max_length=150,
        help_text="Your name, 1 to 150 characters, as others on an event see it.",
    )
    email = EmailField(
        max_length=254, help_text="Your address, to log in with; one account per address, whatever its case."
    )
    password = StrictCharField(
        max_length=128, trim_whitespace=False, write_only=True, help_text=PASSWORD_RULES
    )

    def validate_email(self, email: str) -> str:
        # Also checked by ``services.user_register``; here so that it joins the other field errors.
        if not email_domain_is_valid(email):
            raise serializers.ValidationError("Enter a valid email address.")
        return email

    def validate(self, attrs):
        if "password" not in attrs:
            return attrs
        candidate = User(name=attrs.get("name", ""), email=attrs.get("email", ""))
        try:
            password_validation.validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class LoginSerializer(serializers.Serializer):
    email = EmailField(max_length=254, help_text="The account's address; its case does not matter.")
    password = StrictCharField(
        max_length=128, trim_whitespace=False, write_only=True, help_text="The account's password."
    )


class RefreshTokenSerializer(serializers.Serializer):
    refreshToken = StrictCharField(
        max_length=2048, help_text="A refresh token from registering, logging in or the last refresh."
    )


class PasswordResetRequestSerializer(serializers.Serializer):
    email = EmailField(
        max_length=254,
        help_text="The account's address; the answer is alike whether or not an account has it.",
    )


class PasswordResetConfirmSerializer(serializers.Serializer):
    userId = serializers.UUIDField(help_text="The `userId` from the reset email.")
    token = StrictCharField(
        max_length=255,
        help_text="The token from the reset email; it works once, within the hours the email states.",
    )
    password = StrictCharField(
        max_length=128,
        trim_whitespace=False,
        write_only=True,
        help_text=format_lazy("The new password. {}", PASSWORD_RULES),
    )


class PasswordChangeSerializer(serializers.Serializer):
    currentPassword = StrictCharField(
        max_length=128, trim_whitespace=False, write_only=True, help_text="Your password now."
    )
    newPassword = StrictCharField(
        max_length=128,
        trim_whitespace=False,
        write_only=True,
        help_text=format_lazy("The new password; tokens issued before it stop working. {}", PASSWORD_RULES),
    )


class AccountDeleteSerializer(serializers.Serializer):
    password = StrictCharField(
        max_length=128, trim_whitespace=False, write_only=True, help_text="Your password, to confirm."
    )


# The data export (GET /users/me/export): plain read-only serializers over what
# ``selectors.user_data`` gathers, so that accounts needs none of the events app's serializers.
