"""What an API key may do: the one list of scopes, and how a view declares the scope it needs.

A view says which scope each of its actions (viewsets) or methods (class views) needs in
``api_key_scopes``, e.g. ``{"list": EVENTS_READ, "create": EVENTS_WRITE}``. An action or method
it does not name refuses keys (``accounts.api_keys.authentication``): deny by default, so a new
view, and every account-level route (keys, password, email, export, logout), takes no key until
it says otherwise. ``ANY_KEY`` lets any valid key in (``GET /users/me``: whom the key acts for).
"""

EVENTS_READ = "events:read"
EVENTS_WRITE = "events:write"
RSVPS_READ = "rsvps:read"
RSVPS_WRITE = "rsvps:write"
CHECKIN_WRITE = "checkin:write"
WEBHOOKS_WRITE = "webhooks:write"

SCOPES = {
    EVENTS_READ: "Read events, their iCalendar, attendees and team (as the user may), and the user's events.",
    EVENTS_WRITE: "Create, change and delete events; add, change and remove team members.",
    RSVPS_READ: "Read the user's RSVPs and tickets.",
    RSVPS_WRITE: "RSVP to events and withdraw RSVPs.",
    CHECKIN_WRITE: "Check attendees in at the door and undo check-ins.",
    WEBHOOKS_WRITE: "Manage the user's webhook endpoints and their deliveries.",
}
SCOPE_NAMES = tuple(SCOPES)

ANY_KEY = "any"


def required_scope(view, method: str) -> str | None:
    """The scope ``view`` declares for this request's action or method; None: keys are refused."""
    declared = getattr(view, "api_key_scopes", None) or {}
    action = getattr(view, "action", None)
    if action in declared:
        return declared[action]
    return declared.get("GET" if method == "HEAD" else method)
