"""What the OpenAPI document tells its readers beyond what the views declare: operation ids that read
as names (what generated clients call their functions) with a summary each, request examples
that succeed when sent, and the security schemes explained.

Each operation's description comes from ``openapi_descriptions``: the views' docstrings are written
for their maintainers and are not published.

Applied by ``document_operations``, a drf-spectacular postprocessing hook that runs after the path
parameters are camelCase.
"""

from eventsite.api.openapi_descriptions import DESCRIPTIONS, PATH_PARAMETERS

# (method, path): (operation id, summary)
OPERATIONS = {
    ("get", "/"): ("getApiRoot", "Links to every part of the API"),
    ("get", "/health"): ("checkHealth", "Check that the server and its database answer"),
    ("get", "/health/ready"): ("checkReadiness", "Check the database, the cache and the task queue"),
    ("post", "/users/register"): ("registerUser", "Register, and get a token pair"),
    ("post", "/users/login"): ("loginUser", "Log in with email and password, and get a token pair"),
    ("post", "/users/token/refresh"): ("refreshToken", "Trade a refresh token for a new token pair"),
    ("post", "/users/logout"): ("logoutUser", "Revoke a refresh token"),
    ("get", "/users/me"): ("getMe", "Your profile"),
    ("patch", "/users/me"): ("updateMe", "Change your name or preferences"),
    ("delete", "/users/me"): ("deleteMe", "Delete your account (password required)"),
    ("get", "/users/me/export"): ("exportMyData", "Download everything stored about you"),
    ("post", "/users/me/logout-all"): ("logoutEverywhere", "Revoke every token issued to you"),
    ("post", "/users/me/password"): ("changePassword", "Change your password"),
    ("post", "/users/me/email"): ("changeEmail", "Change your email address (confirmed by a mailed token)"),
    ("post", "/users/email/verify"): ("verifyEmail", "Confirm an email address with the mailed token"),
    ("post", "/users/email/verify/resend"): ("resendEmailVerification", "Mail the verification token again"),
    ("get", "/users/email/unsubscribe"): (
        "getUnsubscribe",
        "Unsubscribe from the mailed digest (the link in a mail)",
    ),
    ("post", "/users/email/unsubscribe"): (
        "unsubscribeOneClick",
        "One-click unsubscribe, as a mail client sends it",
    ),
    ("post", "/users/password/reset"): ("requestPasswordReset", "Mail a password reset token"),
    ("post", "/users/password/reset/confirm"): (
        "confirmPasswordReset",
        "Set a new password with the mailed token",
    ),
    ("get", "/users/me/api-keys"): ("listApiKeys", "List your API keys"),
    ("post", "/users/me/api-keys"): ("createApiKey", "Create an API key"),
    ("get", "/users/me/api-keys/{keyId}"): ("getApiKey", "One of your API keys"),
    ("delete", "/users/me/api-keys/{keyId}"): ("revokeApiKey", "Revoke an API key"),
    ("get", "/users/me/calendar-key"): ("getCalendarKey", "Your calendar feed key"),
    ("post", "/users/me/calendar-key"): ("createCalendarKey", "Create or replace your calendar feed key"),
    ("delete", "/users/me/calendar-key"): ("deleteCalendarKey", "Delete your calendar feed key"),
    ("get", "/users/me/calendar.ics"): ("getMyCalendarFeed", "Your RSVPs as an iCalendar feed (by feed key)"),
    ("get", "/users/me/events"): ("listMyEvents", "Events you created or help run"),
    ("get", "/users/me/rsvps"): ("listMyRsvps", "Your RSVPs"),
    ("get", "/users/me/webhooks"): ("listWebhooks", "List your webhooks"),
    ("post", "/users/me/webhooks"): ("createWebhook", "Create a webhook"),
    ("get", "/users/me/webhooks/{webhookId}"): ("getWebhook", "One of your webhooks"),
    ("patch", "/users/me/webhooks/{webhookId}"): ("updateWebhook", "Change a webhook"),
    ("delete", "/users/me/webhooks/{webhookId}"): ("deleteWebhook", "Delete a webhook"),
    ("get", "/users/me/webhooks/{webhookId}/deliveries"): (
        "listWebhookDeliveries",
        "Recent deliveries of a webhook",
    ),
    ("post", "/users/me/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"): (
        "redeliverWebhookDelivery",
        "Send a delivery again",
    ),
    ("post", "/events/create"): ("createEvent", "Create an event (legacy path)"),
    ("get", "/events/all"): ("listAllEvents", "List the events you can see (legacy path)"),
    ("get", "/events"): ("listEvents", "List the events you can see, filtered and ordered"),
    ("post", "/events"): ("addEvent", "Create an event"),
    ("get", "/events/{eventId}"): ("getEvent", "One event"),
    ("put", "/events/{eventId}"): ("replaceEvent", "Replace an event"),
    ("patch", "/events/{eventId}"): ("updateEvent", "Change some fields of an event"),
    ("delete", "/events/{eventId}"): ("deleteEvent", "Delete an event"),
    ("get", "/events/{eventId}/attendees"): ("listAttendees", "The people going to an event"),
    ("post", "/events/{eventId}/checkin"): ("checkInTicket", "Check a ticket in at the door"),
    ("delete", "/events/{eventId}/checkin/{code}"): ("undoCheckIn", "Undo a check-in"),
    ("get", "/events/{eventId}/ics"): ("getEventCalendar", "An event as an iCalendar file"),
    ("put", "/events/{eventId}/image"): ("uploadEventImage", "Upload an event's image"),
    ("delete", "/events/{eventId}/image"): ("deleteEventImage", "Remove an event's image"),
    ("post", "/events/{eventId}/image/upload"): (
        "startImageUpload",
        "Get a presigned URL to upload an event's image",
    ),
    ("post", "/events/{eventId}/image/confirm"): ("confirmImageUpload", "Confirm a presigned image upload"),
    ("post", "/events/{eventId}/rsvp"): ("rsvpToEvent", "RSVP to an event"),
    ("delete", "/events/{eventId}/rsvp"): ("cancelRsvp", "Cancel your RSVP"),
    ("get", "/events/{eventId}/team"): ("getEventTeam", "An event's owner and team"),
    ("post", "/events/{eventId}/team"): ("addTeamMember", "Add someone to an event's team"),
    ("patch", "/events/{eventId}/team/{userId}"): ("changeTeamMemberRole", "Change a team member's role"),
    ("delete", "/events/{eventId}/team/{userId}"): (
        "removeTeamMember",
        "Remove someone from an event's team",
    ),
    ("get", "/events/{eventId}/ticket"): ("getMyTicket", "Your ticket for an event (JSON or QR code)"),
    ("get", "/public/events"): ("listPublicEvents", "Public events, no login needed"),
    ("get", "/public/events.ics"): ("getPublicCalendarFeed", "Public events as an iCalendar feed"),
    ("get", "/public/events/{eventId}"): ("getPublicEvent", "One public event"),
    ("get", "/public/events/{eventId}/ics"): (
        "getPublicEventCalendar",
        "A public event as an iCalendar file",
    ),
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


def with_summary(operation: dict, summary: str) -> dict:
    """``operation`` with ``summary`` where drf-spectacular writes one: after the description it
    took from the view's docstring, or after the operation id when the view has none."""
    after = "description" if "description" in operation else "operationId"
    ordered = {}
    for key, value in operation.items():
        if key != "summary":
            ordered[key] = value
        if key == after:
            ordered["summary"] = summary
    return ordered


def document_operations(result, **kwargs):
    """Operation ids, request examples and the security schemes: see the module docstring."""
    unnamed, undescribed = [], []
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            named = OPERATIONS.get((method, path))
            if named is None:
                unnamed.append(f"{method.upper()} {path}")
                continue
            operation_id, summary = named
            if (method, path) not in DESCRIPTIONS:
                undescribed.append(f"{method.upper()} {path}")
                continue
            operation["operationId"] = operation_id
            operations[method] = operation = with_summary(operation, summary)
            operation["description"] = DESCRIPTIONS[method, path]
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in PATH_PARAMETERS:
                    parameter["description"] = PATH_PARAMETERS[parameter["name"]]
            security = [scheme for scheme in operation.get("security", []) if "cookieAuth" not in scheme]
            # No credentials at all is public (``[{}]``); optional ones keep ``{}`` beside the schemes.
            operation["security"] = security or [{}]
    if unnamed:
        raise ValueError(f"Name these operations in OPERATIONS: {', '.join(unnamed)}")
    if undescribed:
        raise ValueError(f"Describe these operations in DESCRIPTIONS: {', '.join(undescribed)}")
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
