import json

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
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


class UserSerializer(serializers.ModelSerializer):
    userId = serializers.UUIDField(source="id", read_only=True)
    emailVerified = serializers.SerializerMethodField(
        help_text="The address was verified (`POST /users/email/verify`) and has not bounced since."
    )

    class Meta:
        model = User
        fields = ["userId", "name", "email", "emailVerified"]
        read_only_fields = fields

    def get_emailVerified(self, user: User) -> bool:
        return email_verified(user=user)


class UserPublicSerializer(serializers.ModelSerializer):
    """A user as others on an event see them, without their email (a ticket's holder, a door checker)."""

    userId = serializers.UUIDField(source="id", read_only=True)

    class Meta:
        model = User
        fields = ["userId", "name"]
        read_only_fields = fields


# The email categories a user receives (``accounts.mail.CATEGORIES``); account mail always goes.
class PreferencesSerializer(serializers.Serializer):
    """The email categories a user receives; in a form or multipart body, one field holding a JSON object."""

    rsvpUpdates = StrictBooleanField(source="email_rsvp_updates", required=False)
    eventChanges = StrictBooleanField(source="email_event_changes", required=False)
    reminders = StrictBooleanField(source="email_reminders", required=False)
    organizerDigest = StrictBooleanField(source="email_organizer_digest", required=False)

    def get_value(self, dictionary):
        if isinstance(dictionary, QueryDict) and self.field_name in dictionary:
            try:
                return json.loads(dictionary[self.field_name])
            except ValueError:
                return dictionary[self.field_name]
        return super().get_value(dictionary)


class UserProfileSerializer(UserSerializer):
    createdAt = UTCDateTimeField(source="created_at", read_only=True)
    pendingEmail = serializers.SerializerMethodField(
        help_text="The address asked for by `POST /users/me/email`, until it is confirmed; else null."
    )
    preferences = PreferencesSerializer(source="*", read_only=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "createdAt", "pendingEmail", "preferences"]
        read_only_fields = fields

    def get_pendingEmail(self, user: User) -> str | None:
        return user.pending_email or None


# Register and login: the user, signed in (``pair``: a ``services.TokenPair``). Output serializers
# carry comments, not docstrings, which the OpenAPI document would publish.
class AuthResponseSerializer(MessageResponseSerializer):
    user = UserSerializer()
    token = serializers.CharField(source="pair.access", help_text="Access JWT for `Authorization: Bearer …`.")
    refreshToken = serializers.CharField(
        source="pair.refresh", help_text="Refresh JWT for `/users/token/refresh`."
    )


# A ``services.TokenPair``, as a refresh answers it.
class TokenPairSerializer(serializers.Serializer):
    token = serializers.CharField(source="access")
    refreshToken = serializers.CharField(source="refresh")


class ProfileResponseSerializer(MessageResponseSerializer):
    user = UserProfileSerializer()


class UserUpdateSerializer(serializers.Serializer):
    # PATCH is partial: an omitted name or preference stays as it is; ``email`` is ignored
    # (``POST /users/me/email`` changes it).
    name = FormStrictCharField(min_length=1, max_length=150, default=CurrentUserAttribute("name"))
    preferences = PreferencesSerializer(required=False)


class EmailField(serializers.EmailField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return normalize_email(super().to_internal_value(data))


class RegisterSerializer(OneValidationRound, serializers.Serializer):
    name = StrictCharField(min_length=1, max_length=150)
    email = EmailField(max_length=254)
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)

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
    email = EmailField(max_length=254)
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)


class RefreshTokenSerializer(serializers.Serializer):
    refreshToken = StrictCharField(max_length=2048)


class PasswordResetRequestSerializer(serializers.Serializer):
    email = EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    userId = serializers.UUIDField()
    token = StrictCharField(max_length=255)
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)


class PasswordChangeSerializer(serializers.Serializer):
    currentPassword = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)
    newPassword = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)


class AccountDeleteSerializer(serializers.Serializer):
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)


# The data export (GET /users/me/export): plain read-only serializers over what
# ``selectors.user_data`` gathers, so that accounts needs none of the events app's serializers.
