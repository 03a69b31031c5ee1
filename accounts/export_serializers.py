"""The user data export (``GET /users/me/export``): every stored field about the user, by section."""

from rest_framework import serializers

from accounts.api_keys.serializers import ApiKeySerializer
from accounts.models import User
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import UTCDateTimeField

USER_ID, EVENT_ID, EVENT_TITLE = "The user's ID.", "The event's ID.", "The event's title."
CREATED, UPDATED, NEVER = "When it was created.", "When it last changed.", "null: never."
PREF = "true: the user receives this category of email (the profile's preferences)."
IMAGE_ERROR = "Why the last image upload failed; empty otherwise."
FAILING_SINCE = "When its current run of failed deliveries began; null: not failing."
FAILURES = "Changes in a row whose every delivery attempt failed."
ADDED_BY = "Who added the user; null: a deleted account."
VOIDED = "When the RSVP was withdrawn, voiding the ticket; null: valid."
CHECKED_IN_BY = "Who checked it in; null: not checked in, or a deleted account."
IDEMPOTENCY_KEYS = "Recent writes sent with an `Idempotency-Key` header."
REVOKED_TOKENS = "Revoked refresh tokens, until they expire."


class UserDataProfileSerializer(serializers.Serializer):
    userId = serializers.UUIDField(source="id", read_only=True, help_text=USER_ID)
    email = serializers.EmailField(read_only=True, help_text="The account's address.")
    name = serializers.CharField(read_only=True, help_text="The account's name.")
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text="When the user registered.")
    lastLogin = UTCDateTimeField(source="last_login", read_only=True, allow_null=True, help_text=NEVER)
    isActive = serializers.BooleanField(
        source="is_active", read_only=True, help_text="false: the account is switched off and cannot log in."
    )
    isStaff = serializers.BooleanField(
        source="is_staff", read_only=True, help_text="The account may use the admin site."
    )
    isSuperuser = serializers.BooleanField(
        source="is_superuser", read_only=True, help_text="The account holds every permission."
    )
    tokensValidAfter = UTCDateTimeField(
        source="tokens_valid_after",
        read_only=True,
        allow_null=True,
        help_text="Tokens issued before this moment are refused (password change, logout everywhere).",
    )
    emailVerifiedAt = UTCDateTimeField(
        source="email_verified_at",
        read_only=True,
        allow_null=True,
        help_text="When the address was last verified; null: never.",
    )
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
    emailRsvpUpdates = serializers.BooleanField(source="email_rsvp_updates", read_only=True, help_text=PREF)
    emailEventChanges = serializers.BooleanField(source="email_event_changes", read_only=True, help_text=PREF)
    emailReminders = serializers.BooleanField(source="email_reminders", read_only=True, help_text=PREF)
    emailOrganizerDigest = serializers.BooleanField(
        source="email_organizer_digest", read_only=True, help_text=PREF
    )
    groups = serializers.SerializerMethodField(help_text="Names of the user's groups.")
    userPermissions = serializers.SerializerMethodField(help_text="Permissions granted to the user directly.")

    def get_groups(self, user: User) -> list[str]:
        return sorted(group.name for group in user.groups.all())

    def get_userPermissions(self, user: User) -> list[str]:
        permissions = user.user_permissions.select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


class UserDataEventSerializer(serializers.Serializer):
    eventId = serializers.UUIDField(source="id", read_only=True, help_text=EVENT_ID)
    title = serializers.CharField(read_only=True, help_text="The event's title.")
    description = serializers.CharField(
        read_only=True, allow_blank=True, help_text="The event's description."
    )
    date = UTCDateTimeField(read_only=True, help_text="When the event starts.")
    endDate = UTCDateTimeField(
        source="end_date", read_only=True, allow_null=True, help_text="When the event ends; null: not given."
    )
    timezone = serializers.CharField(
        source="time_zone", read_only=True, allow_blank=True, help_text="Empty when unset."
    )
    location = serializers.CharField(
        read_only=True, allow_blank=True, help_text="Where it takes place; empty when unset."
    )
    status = serializers.CharField(read_only=True, help_text="`draft`, `published` or `cancelled`.")
    visibility = serializers.CharField(read_only=True, help_text="`members` or `public`.")
    capacity = serializers.IntegerField(read_only=True, allow_null=True, help_text="Seats; null: no limit.")
    attendeeCount = serializers.IntegerField(source="going_count", read_only=True, help_text="RSVPs going.")
    imageName = serializers.CharField(
        source="image_name",
        read_only=True,
        allow_blank=True,
        help_text="The cover image's stored file (empty: none); the event JSON's `imageUrl` serves it.",
    )
    thumbnailName = serializers.CharField(
        source="thumbnail_name", read_only=True, allow_blank=True, help_text="The thumbnail's stored file."
    )
    imageStatus = serializers.CharField(
        source="image_status", read_only=True, help_text="`none`, `processing`, `ready`, `failed`."
    )
    imageError = serializers.CharField(
        source="image_error", read_only=True, allow_blank=True, help_text=IMAGE_ERROR
    )
    createdBy = serializers.UUIDField(source="created_by_id", read_only=True, help_text=USER_ID)
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text=CREATED)
    updatedAt = UTCDateTimeField(source="updated_at", read_only=True, help_text=UPDATED)


class UserDataRsvpSerializer(serializers.Serializer):
    rsvpId = serializers.UUIDField(source="id", read_only=True, help_text="The RSVP's ID.")
    eventId = serializers.UUIDField(source="event_id", read_only=True, help_text=EVENT_ID)
    eventTitle = serializers.CharField(source="event.title", read_only=True, help_text=EVENT_TITLE)
    status = serializers.CharField(read_only=True, help_text="`going` or `waitlisted`.")
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text="When the user RSVPed.")
    remindedAt = UTCDateTimeField(
        source="reminded_at", read_only=True, allow_null=True, help_text="When the reminder was sent."
    )


class UserDataCalendarFeedSerializer(serializers.Serializer):
    key = serializers.UUIDField(read_only=True, help_text="The key in the personal iCalendar feed's URL.")
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text=CREATED)


class UserDataDigestEntrySerializer(serializers.Serializer):
    """An RSVP made or withdrawn, waiting for the organizer's next digest email."""

    eventId = serializers.UUIDField(source="event_id", read_only=True, help_text=EVENT_ID)
    organizerId = serializers.UUIDField(
        source="organizer_id", read_only=True, help_text="The organizer the digest goes to."
    )
    attendeeId = serializers.UUIDField(
        source="attendee_id", read_only=True, help_text="The user who RSVPed or withdrew."
    )
    kind = serializers.CharField(read_only=True, help_text="`rsvped` or `cancelled`.")
    status = serializers.CharField(read_only=True, help_text="`going` or `waitlisted`.")
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text=CREATED)
    digestId = serializers.UUIDField(
        source="digest_id", read_only=True, allow_null=True, help_text="The digest being sent, if any."
    )


class UserDataWebhookSerializer(serializers.Serializer):
    webhookId = serializers.UUIDField(source="id", read_only=True, help_text="The webhook's ID.")
    url = serializers.CharField(read_only=True, help_text="Where deliveries are sent.")
    description = serializers.CharField(read_only=True, allow_blank=True, help_text="Empty when none.")
    eventTypes = serializers.ListField(
        child=serializers.CharField(),
        source="event_types",
        read_only=True,
        help_text="The types of change it receives.",
    )
    active = serializers.BooleanField(
        read_only=True, help_text="false: switched off (by its owner, or after failing repeatedly)."
    )
    failingSince = UTCDateTimeField(
        source="failing_since", read_only=True, allow_null=True, help_text=FAILING_SINCE
    )
    consecutiveFailures = serializers.IntegerField(
        source="consecutive_failures", read_only=True, help_text=FAILURES
    )
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text=CREATED)
    updatedAt = UTCDateTimeField(source="updated_at", read_only=True, help_text=UPDATED)


class UserDataTeamRoleSerializer(serializers.Serializer):
    eventId = serializers.UUIDField(source="event_id", read_only=True, help_text=EVENT_ID)
    role = serializers.CharField(read_only=True, help_text="`organizer` or `checker`.")
    addedBy = serializers.UUIDField(source="added_by_id", read_only=True, allow_null=True, help_text=ADDED_BY)
    createdAt = UTCDateTimeField(
        source="created_at", read_only=True, help_text="When the user joined the team."
    )


class UserDataTicketSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, help_text="The code shown at the door (as a QR code).")
    eventId = serializers.UUIDField(source="event_id", read_only=True, help_text=EVENT_ID)
    eventTitle = serializers.CharField(source="event.title", read_only=True, help_text=EVENT_TITLE)
    rsvpId = serializers.UUIDField(
        source="rsvp_id", read_only=True, allow_null=True, help_text="null once the RSVP was withdrawn."
    )
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text=CREATED)
    voidedAt = UTCDateTimeField(source="voided_at", read_only=True, allow_null=True, help_text=VOIDED)
    checkedInAt = UTCDateTimeField(
        source="checked_in_at",
        read_only=True,
        allow_null=True,
        help_text="When it was checked in; null: not yet.",
    )
    checkedInBy = serializers.UUIDField(
        source="checked_in_by_id", read_only=True, allow_null=True, help_text=CHECKED_IN_BY
    )


class UserDataIdempotencyKeySerializer(serializers.Serializer):
    key = serializers.CharField(
        read_only=True, help_text="The `Idempotency-Key` header of a write the user sent."
    )
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text="When the write came in.")
    statusCode = serializers.IntegerField(
        source="status_code", read_only=True, allow_null=True, help_text="null: the request is in progress."
    )
    responseBody = serializers.JSONField(
        source="response_body", read_only=True, allow_null=True, help_text="The answer replayed for this key."
    )


class UserDataRevokedTokenSerializer(serializers.Serializer):
    jti = serializers.CharField(read_only=True, help_text="The ID of a refresh token that no longer works.")
    revokedAt = UTCDateTimeField(
        source="revoked_at", read_only=True, help_text="When it was revoked, by a logout or a refresh."
    )
    expiresAt = UTCDateTimeField(source="expires_at", read_only=True, help_text="When it would have expired.")


class UserDataAdminLogEntrySerializer(serializers.Serializer):
    actionTime = UTCDateTimeField(source="action_time", read_only=True, help_text="When the change was made.")
    action = serializers.SerializerMethodField(help_text="`addition`, `change` or `deletion`.")
    contentType = serializers.SerializerMethodField(help_text="`app.model` of the object, if known.")
    objectId = serializers.CharField(
        source="object_id", read_only=True, allow_null=True, help_text="The changed object's ID, if known."
    )
    objectRepr = serializers.CharField(
        source="object_repr", read_only=True, help_text="The object as the admin named it then."
    )
    changeMessage = serializers.SerializerMethodField(help_text="What changed, as the admin tells it.")

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

    exportedAt = UTCDateTimeField(
        source="exported_at", read_only=True, help_text="When this export was made."
    )
    user = UserDataProfileSerializer(read_only=True, help_text="The account's stored fields.")
    events = UserDataEventSerializer(
        many=True, read_only=True, help_text="Events the user created, drafts too."
    )
    rsvps = UserDataRsvpSerializer(many=True, read_only=True, help_text="The user's RSVPs.")
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
    idempotencyKeys = UserDataIdempotencyKeySerializer(
        source="idempotency_keys", many=True, read_only=True, help_text=IDEMPOTENCY_KEYS
    )
    revokedTokens = UserDataRevokedTokenSerializer(
        source="revoked_tokens", many=True, read_only=True, help_text=REVOKED_TOKENS
    )
    adminLogEntries = UserDataAdminLogEntrySerializer(
        source="admin_log_entries", many=True, read_only=True, help_text="The user's changes in the admin."
    )


class UserDataExportResponseSerializer(MessageResponseSerializer):
    export = UserDataExportSerializer(help_text="Everything stored about you, by section.")
