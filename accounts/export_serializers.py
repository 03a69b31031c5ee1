"""The user data export (``GET /users/me/export``): every stored field about the user, by section."""

from rest_framework import serializers

from accounts.api_keys.serializers import ApiKeySerializer
from accounts.models import User
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import UTCDateTimeField


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
    visibility = serializers.CharField(read_only=True, help_text="`members` or `public`.")
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    attendeeCount = serializers.IntegerField(source="going_count", read_only=True)
    imageName = serializers.CharField(
        source="image_name",
        read_only=True,
        allow_blank=True,
        help_text="The cover image's stored file (empty: none); the event JSON's `imageUrl` serves it.",
    )
    thumbnailName = serializers.CharField(
        source="thumbnail_name", read_only=True, allow_blank=True, help_text="The thumbnail's stored file."
    )
    imageStatus = serializers.CharField(source="image_status", read_only=True)
    imageError = serializers.CharField(source="image_error", read_only=True, allow_blank=True)
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


class UserDataTeamRoleSerializer(serializers.Serializer):
    eventId = serializers.UUIDField(source="event_id", read_only=True)
    role = serializers.CharField(read_only=True, help_text="`organizer` or `checker`.")
    addedBy = serializers.UUIDField(source="added_by_id", read_only=True, allow_null=True)
    createdAt = UTCDateTimeField(source="created_at", read_only=True)


class UserDataTicketSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    eventId = serializers.UUIDField(source="event_id", read_only=True)
    eventTitle = serializers.CharField(source="event.title", read_only=True)
    rsvpId = serializers.UUIDField(
        source="rsvp_id", read_only=True, allow_null=True, help_text="null once the RSVP was withdrawn."
    )
    createdAt = UTCDateTimeField(source="created_at", read_only=True)
    voidedAt = UTCDateTimeField(source="voided_at", read_only=True, allow_null=True)
    checkedInAt = UTCDateTimeField(source="checked_in_at", read_only=True, allow_null=True)
    checkedInBy = serializers.UUIDField(source="checked_in_by_id", read_only=True, allow_null=True)


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
    """Everything stored about the caller. Not included: login failure counters and sessions, which
    name no user."""

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
    teamRoles = UserDataTeamRoleSerializer(
        source="team_roles", many=True, read_only=True, help_text="The events' teams the user is on."
    )
    tickets = UserDataTicketSerializer(
        many=True, read_only=True, help_text="The user's tickets, voided ones too."
    )
    apiKeys = ApiKeySerializer(
        source="api_keys", many=True, read_only=True, help_text="The user's API keys, without their secrets."
    )
    idempotencyKeys = UserDataIdempotencyKeySerializer(source="idempotency_keys", many=True, read_only=True)
    revokedTokens = UserDataRevokedTokenSerializer(source="revoked_tokens", many=True, read_only=True)
    adminLogEntries = UserDataAdminLogEntrySerializer(
        source="admin_log_entries", many=True, read_only=True, help_text="The user's changes in the admin."
    )


class UserDataExportResponseSerializer(MessageResponseSerializer):
    export = UserDataExportSerializer()
