import json

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from rest_framework import serializers

from accounts.models import User, normalize_email
from accounts.selectors import email_verified
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import (
    CurrentUserAttribute,
    FormStrictCharField,
    StrictBooleanField,
    StrictCharField,
    UTCDateTimeField,
)


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


class RegisterSerializer(serializers.Serializer):
    name = StrictCharField(min_length=1, max_length=150)
    email = EmailField(max_length=254)
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        candidate = User(name=attrs["name"], email=attrs["email"])
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


class UserDataProfileSerializer(serializers.Serializer):
    userId = serializers.UUIDField(source="id", read_only=True)
    email = serializers.EmailField(read_only=True)
    name = serializers.CharField(read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)
    lastLogin = UTCDateTimeField(source="last_login", read_only=True, allow_null=True)
    isActive = serializers.BooleanField(source="is_active", read_only=True)
    isStaff = serializers.BooleanField(source="is_staff", read_only=True)
    isSuperuser = serializers.BooleanField(source="is_superuser", read_only=True)
    tokensValidAfter = UTCDateTimeField(
        source="tokens_valid_after",
        read_only=True,
        allow_null=True,
        help_text="Tokens issued before this moment are refused (password change, logout everywhere).",
    )
    emailVerifiedAt = UTCDateTimeField(source="email_verified_at", read_only=True, allow_null=True)
    emailUndeliverableAt = UTCDateTimeField(
        source="email_undeliverable_at",
        read_only=True,
        allow_null=True,
        help_text="When mail to the address last bounced or drew a complaint.",
    )
    pendingEmail = serializers.CharField(
        source="pending_email",
        read_only=True,
        allow_blank=True,
        help_text="An address asked for and not yet confirmed; empty when none.",
    )
    emailRsvpUpdates = serializers.BooleanField(source="email_rsvp_updates", read_only=True)
    emailEventChanges = serializers.BooleanField(source="email_event_changes", read_only=True)
    emailReminders = serializers.BooleanField(source="email_reminders", read_only=True)
    emailOrganizerDigest = serializers.BooleanField(source="email_organizer_digest", read_only=True)
    groups = serializers.SerializerMethodField(help_text="Names of the user's groups.")
    userPermissions = serializers.SerializerMethodField(help_text="Permissions granted to the user directly.")

    def get_groups(self, user: User) -> list[str]:
        return sorted(group.name for group in user.groups.all())

    def get_userPermissions(self, user: User) -> list[str]:
        permissions = user.user_permissions.select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


class UserDataEventSerializer(serializers.Serializer):
    eventId = serializers.UUIDField(source="id", read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True, allow_blank=True)
    date = UTCDateTimeField(read_only=True)
    endDate = UTCDateTimeField(source="end_date", read_only=True, allow_null=True)
    timezone = serializers.CharField(
        source="time_zone", read_only=True, allow_blank=True, help_text="Empty when unset."
    )
    location = serializers.CharField(read_only=True, allow_blank=True)
    status = serializers.CharField(read_only=True)
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    attendeeCount = serializers.IntegerField(source="going_count", read_only=True)
    createdBy = serializers.UUIDField(source="created_by_id", read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)
    updatedAt = UTCDateTimeField(source="updated_at", read_only=True)


class UserDataRsvpSerializer(serializers.Serializer):
    rsvpId = serializers.UUIDField(source="id", read_only=True)
    eventId = serializers.UUIDField(source="event_id", read_only=True)
    eventTitle = serializers.CharField(source="event.title", read_only=True)
    status = serializers.CharField(read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)
    remindedAt = UTCDateTimeField(
        source="reminded_at", read_only=True, allow_null=True, help_text="When the reminder was sent."
    )


class UserDataCalendarFeedSerializer(serializers.Serializer):
    key = serializers.UUIDField(read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)


class UserDataDigestEntrySerializer(serializers.Serializer):
    """An RSVP made or withdrawn, waiting for the organizer's next digest email."""

    eventId = serializers.UUIDField(source="event_id", read_only=True)
    organizerId = serializers.UUIDField(source="organizer_id", read_only=True)
    attendeeId = serializers.UUIDField(source="attendee_id", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="`rsvped` or `cancelled`.")
    status = serializers.CharField(read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)
    digestId = serializers.UUIDField(
        source="digest_id", read_only=True, allow_null=True, help_text="The digest being sent, if any."
    )


class UserDataWebhookSerializer(serializers.Serializer):
    webhookId = serializers.UUIDField(source="id", read_only=True)
    url = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True, allow_blank=True)
    eventTypes = serializers.ListField(child=serializers.CharField(), source="event_types", read_only=True)
    active = serializers.BooleanField(read_only=True)
    failingSince = UTCDateTimeField(source="failing_since", read_only=True, allow_null=True)
    consecutiveFailures = serializers.IntegerField(source="consecutive_failures", read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)
    updatedAt = UTCDateTimeField(source="updated_at", read_only=True)


class UserDataIdempotencyKeySerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)
    statusCode = serializers.IntegerField(
        source="status_code", read_only=True, allow_null=True, help_text="null: the request is in progress."
    )
    responseBody = serializers.JSONField(
        source="response_body", read_only=True, allow_null=True, help_text="The answer replayed for this key."
    )


class UserDataRevokedTokenSerializer(serializers.Serializer):
    jti = serializers.CharField(read_only=True)
    revokedAt = UTCDateTimeField(source="revoked_at", read_only=True)
    expiresAt = UTCDateTimeField(source="expires_at", read_only=True)


class UserDataAdminLogEntrySerializer(serializers.Serializer):
    actionTime = UTCDateTimeField(source="action_time", read_only=True)
    action = serializers.SerializerMethodField(help_text="`addition`, `change` or `deletion`.")
    contentType = serializers.SerializerMethodField(help_text="`app.model` of the object, if known.")
    objectId = serializers.CharField(source="object_id", read_only=True, allow_null=True)
    objectRepr = serializers.CharField(source="object_repr", read_only=True)
    changeMessage = serializers.SerializerMethodField()

    def get_action(self, entry) -> str:
        if entry.is_addition():
            return "addition"
        return "deletion" if entry.is_deletion() else "change"

    def get_contentType(self, entry) -> str | None:
        content_type = entry.content_type
        return f"{content_type.app_label}.{content_type.model}" if content_type else None

    def get_changeMessage(self, entry) -> str:
        return entry.get_change_message()


class UserDataExportSerializer(serializers.Serializer):
    """Everything stored about the caller (see ``accounts.selectors.user_data`` for what is left out)."""

    exportedAt = UTCDateTimeField(source="exported_at", read_only=True)
    user = UserDataProfileSerializer(read_only=True)
    events = UserDataEventSerializer(
        many=True, read_only=True, help_text="Events the user created, drafts too."
    )
    rsvps = UserDataRsvpSerializer(many=True, read_only=True)
    calendarFeed = UserDataCalendarFeedSerializer(
        source="calendar_feed", read_only=True, allow_null=True, help_text="null: no feed key was ever made."
    )
    digestEntries = UserDataDigestEntrySerializer(
        source="digest_entries",
        many=True,
        read_only=True,
        help_text="RSVPs to or on the user's events that the next organizer digest tells of.",
    )
    webhooks = UserDataWebhookSerializer(
        many=True, read_only=True, help_text="The user's webhook endpoints, without their secrets."
    )
    idempotencyKeys = UserDataIdempotencyKeySerializer(source="idempotency_keys", many=True, read_only=True)
    revokedTokens = UserDataRevokedTokenSerializer(source="revoked_tokens", many=True, read_only=True)
    adminLogEntries = UserDataAdminLogEntrySerializer(
        source="admin_log_entries", many=True, read_only=True, help_text="The user's changes in the admin."
    )


class UserDataExportResponseSerializer(MessageResponseSerializer):
    export = UserDataExportSerializer()
