"""What the OpenAPI document tells its readers beyond what the views declare: operation ids that read
as names (what generated clients call their functions), request examples that succeed when sent, and
the security schemes explained.

Applied by ``document_operations``, a drf-spectacular postprocessing hook that runs after the path
parameters are camelCase.
"""

from drf_spectacular.plumbing import get_doc

OPERATION_IDS = {
    ("get", "/"): "getApiRoot",
    ("get", "/health"): "checkHealth",
    ("get", "/health/ready"): "checkReadiness",
    ("post", "/users/register"): "registerUser",
    ("post", "/users/login"): "loginUser",
    ("post", "/users/token/refresh"): "refreshToken",
    ("post", "/users/logout"): "logoutUser",
    ("get", "/users/me"): "getMe",
    ("patch", "/users/me"): "updateMe",
    ("delete", "/users/me"): "deleteMe",
    ("get", "/users/me/export"): "exportMyData",
    ("post", "/users/me/logout-all"): "logoutEverywhere",
    ("post", "/users/me/password"): "changePassword",
    ("post", "/users/me/email"): "changeEmail",
    ("post", "/users/email/verify"): "verifyEmail",
    ("post", "/users/email/verify/resend"): "resendEmailVerification",
    ("get", "/users/email/unsubscribe"): "getUnsubscribe",
    ("post", "/users/email/unsubscribe"): "unsubscribeOneClick",
    ("post", "/users/password/reset"): "requestPasswordReset",
    ("post", "/users/password/reset/confirm"): "confirmPasswordReset",
    ("get", "/users/me/api-keys"): "listApiKeys",
    ("post", "/users/me/api-keys"): "createApiKey",
    ("get", "/users/me/api-keys/{keyId}"): "getApiKey",
    ("delete", "/users/me/api-keys/{keyId}"): "revokeApiKey",
    ("get", "/users/me/calendar-key"): "getCalendarKey",
    ("post", "/users/me/calendar-key"): "createCalendarKey",
    ("delete", "/users/me/calendar-key"): "deleteCalendarKey",
    ("get", "/users/me/calendar.ics"): "getMyCalendarFeed",
    ("get", "/users/me/events"): "listMyEvents",
    ("get", "/users/me/rsvps"): "listMyRsvps",
    ("get", "/users/me/webhooks"): "listWebhooks",
    ("post", "/users/me/webhooks"): "createWebhook",
    ("get", "/users/me/webhooks/{webhookId}"): "getWebhook",
    ("patch", "/users/me/webhooks/{webhookId}"): "updateWebhook",
    ("delete", "/users/me/webhooks/{webhookId}"): "deleteWebhook",
    ("get", "/users/me/webhooks/{webhookId}/deliveries"): "listWebhookDeliveries",
    ("post", "/users/me/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"): "redeliverWebhookDelivery",
    ("post", "/events/create"): "createEvent",
    ("get", "/events/all"): "listAllEvents",
    ("get", "/events"): "listEvents",
    ("post", "/events"): "addEvent",
    ("get", "/events/{eventId}"): "getEvent",
    ("put", "/events/{eventId}"): "replaceEvent",
    ("patch", "/events/{eventId}"): "updateEvent",
    ("delete", "/events/{eventId}"): "deleteEvent",
    ("get", "/events/{eventId}/attendees"): "listAttendees",
    ("post", "/events/{eventId}/checkin"): "checkInTicket",
    ("delete", "/events/{eventId}/checkin/{code}"): "undoCheckIn",
    ("get", "/events/{eventId}/ics"): "getEventCalendar",
    ("put", "/events/{eventId}/image"): "uploadEventImage",
    ("delete", "/events/{eventId}/image"): "deleteEventImage",
    ("post", "/events/{eventId}/image/upload"): "startImageUpload",
    ("post", "/events/{eventId}/image/confirm"): "confirmImageUpload",
    ("post", "/events/{eventId}/rsvp"): "rsvpToEvent",
    ("delete", "/events/{eventId}/rsvp"): "cancelRsvp",
    ("get", "/events/{eventId}/team"): "getEventTeam",
    ("post", "/events/{eventId}/team"): "addTeamMember",
    ("patch", "/events/{eventId}/team/{userId}"): "changeTeamMemberRole",
    ("delete", "/events/{eventId}/team/{userId}"): "removeTeamMember",
    ("get", "/events/{eventId}/ticket"): "getMyTicket",
    ("get", "/public/events"): "listPublicEvents",
    ("get", "/public/events.ics"): "getPublicCalendarFeed",
    ("get", "/public/events/{eventId}"): "getPublicEvent",
    ("get", "/public/events/{eventId}/ics"): "getPublicEventCalendar",
}

TECH_CONFERENCE = {
    "title": "Tech Conference 2025",
    "description": "Annual technology conference",
    "date": "2025-12-15T09:00:00.000Z",
    "endDate": "2025-12-15T17:00:00.000Z",
    "location": "San Francisco, CA",
    "timezone": "America/Los_Angeles",
    "capacity": 200,
}
# Values a reader replaces: tokens and codes come from other answers (named in each field's description).
REQUEST_EXAMPLES = {
    "RegisterRequest": {"name": "John Doe", "email": "john@example.com", "password": "securePassword123"},
    "LoginRequest": {"email": "john@example.com", "password": "securePassword123"},
    "RefreshTokenRequest": {"refreshToken": "the-refreshToken-from-POST-users-login"},
    "PatchedUserUpdateRequest": {"name": "John Doe"},
    "AccountDeleteRequest": {"password": "securePassword123"},
    "PasswordChangeRequest": {"currentPassword": "securePassword123", "newPassword": "evenMoreSecure456"},
    "EmailChangeRequest": {"email": "john.doe@example.com", "password": "securePassword123"},
    "EmailVerifyRequest": {
        "userId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "token": "the-token-from-the-mailed-link",
    },
    "PasswordResetRequestRequest": {"email": "john@example.com"},
    "PasswordResetConfirmRequest": {
        "userId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "token": "the-token-from-the-mailed-link",
        "password": "evenMoreSecure456",
    },
    "ApiKeyCreateRequest": {"name": "Calendar sync", "scopes": ["events:read"]},
    "WebhookCreateRequest": {
        "url": "https://hooks.example.com/eventsite",
        "eventTypes": ["event.created"],
        "description": "Tech Conference updates",
    },
    "PatchedWebhookUpdateRequest": {"active": True},
    "EventRequest": TECH_CONFERENCE,
    "PatchedEventRequest": {"location": "Moscone Center, San Francisco, CA"},
    "TicketCodeRequest": {"code": "the-code-on-the-ticket"},
    "DirectUploadRequest": {"contentType": "image/png"},
    "TeamMemberAddRequest": {"email": "jane@example.com", "role": "organizer"},
    "PatchedTeamMemberRoleRequest": {"role": "checker"},
}

BEARER_DESCRIPTION = (
    "`Bearer` followed by an access token. POST /users/register and POST /users/login answer with "
    "`token` (the access token, short-lived) and `refreshToken`; POST /users/token/refresh trades a "
    "refresh token for a new pair. In Swagger UI, Authorize takes the token alone."
)
HISTORY = (
    " See the changelog and the versioning policy in the repository (CHANGELOG.md and docs/versioning.md)."
)


def document_operations(result, **kwargs):
    """Operation ids, request examples and the security schemes: see the module docstring."""
    unnamed = []
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            operation_id = OPERATION_IDS.get((method, path))
            if operation_id is None:
                unnamed.append(f"{method.upper()} {path}")
                continue
            operation["operationId"] = operation_id
            security = [scheme for scheme in operation.get("security", []) if "cookieAuth" not in scheme]
            # An operation that takes anonymous callers is public: no lock in Swagger UI.
            operation["security"] = [{}] if {} in security or not security else security
    if unnamed:
        raise ValueError(f"Name these operations in OPERATION_IDS: {', '.join(unnamed)}")
    components = result.get("components", {})
    schemes = components.get("securitySchemes", {})
    schemes.pop("cookieAuth", None)
    if "jwtAuth" in schemes:
        schemes["jwtAuth"]["description"] = BEARER_DESCRIPTION
    for name, example in REQUEST_EXAMPLES.items():
        if name in components.get("schemas", {}):
            components["schemas"][name]["example"] = example
    result["info"]["description"] = result["info"].get("description", "") + HISTORY
    return result


class OperationDescriptions:
    """An operation's description is its own: a viewset's docstring describes the class for its
    maintainers and would repeat on each of its operations, so only an action's docstring (or the
    view's, for a view of one path) is shown."""

    def get_description(self) -> str:
        if getattr(self.view, "action", None) is None:
            return super().get_description()
        return get_doc(getattr(self.view, self.view.action, None))
