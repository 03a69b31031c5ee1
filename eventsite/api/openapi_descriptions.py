"""What each operation does, for the API reference: who may call it, what it answers and its notable
errors (by their ``code``), beside the summaries of ``openapi_operations.OPERATIONS``.

``document_operations`` sets these on every operation and refuses a route missing here.
"""

LEGACY = " Part of the legacy Express API's contract: its path and answer stay as they were."
IDEMPOTENT = (
    " Send an Idempotency-Key header to retry safely: a repeat within 24 hours gets the first answer."
)
VERIFIED = " With email verification required, an unverified account gets 403 `email_not_verified`."
EVENT_LIST = (
    "Events you can see (published and cancelled ones, plus your own drafts; staff see all), soonest first "
    "unless ordering says otherwise, paged with page and pageSize and narrowed by the query filters."
)
EVENT_CREATE = (
    "Creates an event owned by you (any logged-in user, or an API key with events:write) and answers 201 "
    "with it; invalid fields answer 400 `invalid`."
)
EVENT_CHANGE = (
    "The event's owner, its organizers and staff may change it (others get 403); a draft with RSVPs answers "
    "409 `event_has_rsvps`."
)
# (method, path): description
DESCRIPTIONS = {
    ("get", "/"): "Links to every part of the API; anyone may call it, with or without credentials.",
    ("get", "/health"): (
        "Liveness with a real database round trip, for load balancers and uptime probes: no "
        "authentication (an Authorization header is ignored), 200 when the database answers, 503 when"
        " not."
    ),
    ("get", "/health/ready"): (
        "Readiness: checks the database, the cache and the task queue once each and names the failed "
        "ones (503 `not_ready`), never why. No authentication; rate-limited, as each call queries all"
        " three."
    ),
    ("post", "/users/register"): (
        "Creates an account (anonymous callers) and answers with the user and a token pair; an email "
        "already registered answers 409 `conflict`." + LEGACY
    ),
    ("post", "/users/login"): (
        "Checks the email and password (anonymous callers) and answers with the user and a token "
        "pair; wrong credentials answer 401 `invalid_credentials`, repeated failures 429." + LEGACY
    ),
    ("post", "/users/token/refresh"): (
        "Trades a refresh token for a new access and refresh token pair; the old refresh token is "
        "revoked. A revoked, expired or malformed one answers 401 `token_not_valid`."
    ),
    ("post", "/users/logout"): (
        "Revokes the refresh token sent (a logged-in user's own); it can no longer be traded for "
        "tokens. Answers 204; the access token still works until it expires."
    ),
    ("get", "/users/me"): "The logged-in user's profile (also for an API key)." + LEGACY,
    ("patch", "/users/me"): (
        "Changes the logged-in user's name or email preferences (only the fields sent) and answers "
        "with the profile; an API key cannot call it."
    ),
    ("delete", "/users/me"): (
        "Deletes the logged-in user's account once the password is confirmed (a wrong one answers "
        "400). The user's events and RSVPs go with it, their seats go to the waitlists, and every "
        "token of the user then answers 401."
    ),
    ("get", "/users/me/export"): (
        "Everything stored about the logged-in user: profile, events created (drafts too), RSVPs, "
        "calendar feed key, idempotency keys with their stored answers, revoked tokens and admin "
        "changes. Never cached (Cache-Control: no-store)."
    ),
    ("post", "/users/me/logout-all"): (
        "Every access and refresh token issued to the logged-in user so far, and every session, stops"
        " working (204); log in again for new ones."
    ),
    ("post", "/users/me/password"): (
        "Changes the logged-in user's password, given the current one (a wrong one answers 400); "
        "every earlier token of the user stops working (204)."
    ),
    ("post", "/users/me/email"): (
        "Mails a token to the new address (202); the account keeps its address until the token is "
        "confirmed with POST /users/email/verify. The answer is the same whether or not another "
        "account holds the new address."
    ),
    ("post", "/users/email/verify"): (
        "Confirms a mailed token, anonymously: the one registration and resend mail verifies the "
        "address, the one of an email change switches the account to the new address. A wrong or used"
        " token answers 400 `verification_token_invalid`, an old one `verification_token_expired`."
    ),
    ("post", "/users/email/verify/resend"): (
        "Mails the logged-in user a new verification token for their current address (202), as "
        "registration did."
    ),
    ("get", "/users/email/unsubscribe"): (
        "The link in a mail, no login needed: turns off for good the mail category the token names "
        "(PATCH /users/me turns it on again). JSON, or a short HTML page for a browser; a bad token "
        "answers 400 `unsubscribe_token_invalid`."
    ),
    ("post", "/users/email/unsubscribe"): (
        "One-click unsubscribe (RFC 8058), as a mail client sends it from the List-Unsubscribe "
        "header: no login, the token in the query string; a bad one answers 400 "
        "`unsubscribe_token_invalid`."
    ),
    ("post", "/users/password/reset"): (
        "Mails a one-time password reset token, anonymously; the answer (202) is the same whether or "
        "not an account has the email."
    ),
    ("post", "/users/password/reset/confirm"): (
        "Sets a new password with the mailed token, anonymously (204); every earlier token of the "
        "user stops working. A wrong, used or old token answers 400."
    ),
    ("get", "/users/me/api-keys"): (
        "The logged-in user's API keys, without their secrets; an API key cannot call it."
    ),
    ("post", "/users/me/api-keys"): (
        "Creates an API key that acts as the logged-in user within its scopes; the answer (201) is "
        "the only one that shows the key. It cannot manage API keys, the password or the email "
        "address; too many keys answer 409 `api_key_limit`."
    ),
    ("get", "/users/me/api-keys/{keyId}"): (
        "One of the logged-in user's API keys, without its secret; another user's key answers 404."
    ),
    ("delete", "/users/me/api-keys/{keyId}"): (
        "Revokes one of the logged-in user's API keys (204, also when it already was); requests with "
        "it then answer 401."
    ),
    ("get", "/users/me/calendar-key"): (
        "The logged-in user's calendar feed key and the feed's URL, created on first use."
    ),
    ("post", "/users/me/calendar-key"): (
        "Replaces the logged-in user's calendar feed key: the old feed URL stops working and the "
        "answer has the new one."
    ),
    ("delete", "/users/me/calendar-key"): (
        "Revokes the logged-in user's calendar feed key (204): the feed URL answers 404 until a new "
        "key is made."
    ),
    ("get", "/users/me/calendar.ics"): (
        "The RSVPs of the key's owner as an iCalendar feed, for calendar apps: no login, the feed key"
        " in the query string; an unknown or revoked key answers 404."
    ),
    ("get", "/users/me/events"): (
        "Events the logged-in user owns or is on the team of (drafts too), narrowed by role, paged "
        "with page and pageSize."
    ),
    ("get", "/users/me/rsvps"): (
        "The logged-in user's RSVPs with their events, soonest event first, paged with page and pageSize."
    ),
    ("get", "/users/me/webhooks"): "The logged-in user's webhook endpoints, without their secrets.",
    ("post", "/users/me/webhooks"): (
        "Registers an endpoint that receives a signed POST for each event type chosen; the answer "
        "(201) is the only one that shows the signing secret. Too many endpoints answer 409 "
        "`too_many_webhooks`."
    ),
    ("get", "/users/me/webhooks/{webhookId}"): (
        "One of the logged-in user's webhook endpoints, without its secret; another user's answers 404."
    ),
    ("patch", "/users/me/webhooks/{webhookId}"): (
        "Changes the fields sent of one of the logged-in user's webhook endpoints (its URL, event "
        "types, description, or active to pause it)."
    ),
    ("delete", "/users/me/webhooks/{webhookId}"): (
        "Deletes one of the logged-in user's webhook endpoints and its delivery log (204); nothing "
        "more is sent to it."
    ),
    ("get", "/users/me/webhooks/{webhookId}/deliveries"): (
        "The delivery log of one of the logged-in user's webhook endpoints, newest first, with each "
        "attempt's status and timing; paged with page and pageSize."
    ),
    ("post", "/users/me/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"): (
        "Queues the payload of a logged delivery to be sent once more (202); it appears in the log as"
        " a new delivery. An unknown delivery answers 404."
    ),
    ("post", "/events/create"): EVENT_CREATE + IDEMPOTENT + LEGACY,
    ("get", "/events/all"): EVENT_LIST + LEGACY,
    ("get", "/events"): "Lists the " + EVENT_LIST[0].lower() + EVENT_LIST[1:] + " Any logged-in user.",
    ("post", "/events"): EVENT_CREATE + VERIFIED + IDEMPOTENT,
    ("get", "/events/{eventId}"): (
        "One event any logged-in user can see (a draft only for its team and staff); otherwise 404." + LEGACY
    ),
    ("put", "/events/{eventId}"): "Replaces every field of an event. " + EVENT_CHANGE,
    ("patch", "/events/{eventId}"): "Changes only the fields sent. " + EVENT_CHANGE,
    ("delete", "/events/{eventId}"): (
        "Deletes an event with its RSVPs (204); only its owner and staff may (others get 403)."
    ),
    ("get", "/events/{eventId}/attendees"): (
        "The RSVPs to an event, going and waitlisted, for its owner, organizers and staff (others get"
        " 403); paged with page and pageSize."
    ),
    ("post", "/events/{eventId}/checkin"): (
        "Checks in the ticket with the code sent, for the event's team and staff. An unknown code "
        "answers 404 `ticket_not_found`, a used ticket 409 `already_checked_in`, a waitlisted one 409"
        " `rsvp_waitlisted`." + IDEMPOTENT
    ),
    ("delete", "/events/{eventId}/checkin/{code}"): (
        "Undoes the check-in of the ticket with that code, for the event's team and staff (204); a "
        "ticket not checked in answers 409 `not_checked_in`."
    ),
    ("get", "/events/{eventId}/ics"): (
        "One event any logged-in user can see, as an RFC 5545 iCalendar file to import into a calendar app."
    ),
    ("put", "/events/{eventId}/image"): (
        "Uploads the event's image as multipart form data in the field image, for its owner, "
        "organizers and staff. The answer (202) has imageStatus processing; the file is then checked "
        "(JPEG, PNG or WebP within the limits), stripped of metadata and resized, or refused "
        "(imageStatus failed). With S3 storage use POST .../image/upload."
    ),
    ("delete", "/events/{eventId}/image"): (
        "Removes the event's image and thumbnail (204), for its owner, organizers and staff."
    ),
    ("post", "/events/{eventId}/image/upload"): (
        "Answers a presigned URL and form fields to POST the image to storage directly (the file in "
        "the field file, within maxBytes and expiresIn seconds), then call POST .../image/confirm. "
        "For the owner, organizers and staff; local storage answers 409 `direct_upload_unavailable`."
    ),
    ("post", "/events/{eventId}/image/confirm"): (
        "Confirms a presigned upload once the file is stored; the answer (202) has imageStatus "
        "processing, as after PUT. Nothing requested answers 409 `no_pending_upload`, a file not "
        "arrived 409 `upload_missing`."
    ),
    ("post", "/events/{eventId}/rsvp"): (
        "RSVPs the logged-in user to an event: going if a seat is free, else waitlisted (201); an "
        "existing RSVP answers 200 unchanged. A draft or cancelled event answers 409 "
        "`event_not_open`." + VERIFIED + IDEMPOTENT
    ),
    ("delete", "/events/{eventId}/rsvp"): (
        "Withdraws the logged-in user's RSVP (204); the oldest waitlisted RSVP gets the seat. Without"
        " an RSVP the answer is 404."
    ),
    ("get", "/events/{eventId}/team"): (
        "The event's owner and team members with their roles, for the team (owner, organizers, "
        "checkers) and staff; others get 403."
    ),
    ("post", "/events/{eventId}/team"): (
        "Adds a registered user, by email, to the team as organizer or checker (201), for the owner, "
        "organizers and staff. An unknown email answers 404 `email_not_registered`, a member 409 "
        "`already_on_team`, a full team 409 `team_full`." + IDEMPOTENT
    ),
    ("patch", "/events/{eventId}/team/{userId}"): (
        "Changes a team member's role, for the owner, organizers and staff; the owner is not a member"
        " (409 `team_owner`)."
    ),
    ("delete", "/events/{eventId}/team/{userId}"): (
        "Removes a member from the team (204), for the owner, organizers and staff, or the member "
        "leaving; the owner cannot be removed (409 `team_owner`)."
    ),
    ("get", "/events/{eventId}/ticket"): (
        "The logged-in user's ticket for an event, as JSON or a QR code of its code (format or the "
        "Accept header: image/svg+xml, image/png). No RSVP answers 404, a waitlisted one 409 "
        "`rsvp_waitlisted`; a withdrawn RSVP's ticket is void."
    ),
    ("get", "/public/events"): (
        "Published public events, soonest first, for anyone without logging in; narrowed by from and "
        "to, paged with page and pageSize."
    ),
    ("get", "/public/events.ics"): (
        "The recent and upcoming public events in one iCalendar feed for calendar apps to subscribe "
        "to; no login needed."
    ),
    ("get", "/public/events/{eventId}"): (
        "One published public event, for anyone without logging in; any other event answers 404."
    ),
    ("get", "/public/events/{eventId}/ics"): (
        "One published public event as an RFC 5545 iCalendar file, for anyone without logging in; any"
        " other event answers 404."
    ),
}

# Path parameter name: description
PATH_PARAMETERS = {
    "eventId": "The event's id (a UUID), as id in the event JSON.",
    "code": "The ticket's code, as code in the ticket JSON and its QR code.",
    "keyId": "The API key's id (a UUID), as id in the API key JSON.",
    "webhookId": "The webhook endpoint's id (a UUID), as id in the webhook JSON.",
    "deliveryId": "The delivery's id (a UUID), as id in the delivery log.",
    "userId": "The team member's user id (a UUID), as userId in the team JSON.",
}
