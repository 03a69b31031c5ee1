"""The permission matrix's table: each operation on an event and its team, and the status each
role gets for it, for a published event and for a draft (``test_permissions.py`` runs it).

An operation is a row: ``(method, path, body)``, the path and body filled in per test with
``{event}`` (the event's id), ``{member}`` (the user id of a checker on the team besides the
caller), ``{newcomer}`` (the email of a registered user on no team), ``{guest}`` and ``{arrived}``
(the ticket codes of two other attendees, the second one checked in already). Adding a route is one
row here and one column entry per role below; a role missing an entry fails the table's own test.

The event is public (``visibility``), which the members' routes ignore: the public routes, which
take no credentials, show it to everyone while it is published and to nobody as a draft.
"""

EVENT_BODY = {"title": "Changed", "date": "2030-05-05T10:00:00.000Z", "location": "Oslo"}

OPERATIONS: dict[str, tuple[str, str, dict | None]] = {
    "list": ("get", "/events", None),
    "legacy_all": ("get", "/events/all", None),
    "retrieve": ("get", "/events/{event}", None),
    "create": ("post", "/events", EVENT_BODY),
    "legacy_create": ("post", "/events/create", EVENT_BODY),
    "put": ("put", "/events/{event}", EVENT_BODY),
    "patch": ("patch", "/events/{event}", {"title": "Changed"}),
    "delete": ("delete", "/events/{event}", None),
    "rsvp_post": ("post", "/events/{event}/rsvp", None),
    "rsvp_delete": ("delete", "/events/{event}/rsvp", None),
    "attendees": ("get", "/events/{event}/attendees", None),
    "ics": ("get", "/events/{event}/ics", None),
    "team_list": ("get", "/events/{event}/team", None),
    "team_add": ("post", "/events/{event}/team", {"email": "{newcomer}", "role": "checker"}),
    "team_patch": ("patch", "/events/{event}/team/{member}", {"role": "organizer"}),
    "team_delete": ("delete", "/events/{event}/team/{member}", None),
    "ticket": ("get", "/events/{event}/ticket", None),
    "checkin": ("post", "/events/{event}/checkin", {"code": "{guest}"}),
    "checkin_undo": ("delete", "/events/{event}/checkin/{arrived}", None),
    "public_list": ("get", "/public/events", None),
    "public_retrieve": ("get", "/public/events/{event}", None),
    "public_ics": ("get", "/public/events/{event}/ics", None),
    "public_feed": ("get", "/public/events.ics", None),
    "image_delete": ("delete", "/events/{event}/image", None),
    "image_upload": ("post", "/events/{event}/image/upload", {"contentType": "image/png"}),
    "image_confirm": ("post", "/events/{event}/image/confirm", None),
}
# The operations that take no credentials (``events.public``): an API key is no key there.
PUBLIC_OPERATIONS = {"public_list", "public_retrieve", "public_ics", "public_feed"}
# The operations that change the event or its team: refused, they change nothing.
EVENT_WRITES = {"put", "patch", "delete"}
TEAM_WRITES = {"team_add", "team_patch", "team_delete"}
CHECKIN_WRITES = {"checkin", "checkin_undo"}

# Published: everyone signed in reads the event and RSVPs; the team's reach grows with the role.
_READS = {"list": 200, "legacy_all": 200, "retrieve": 200, "create": 201, "legacy_create": 201, "ics": 200}
_NO_EDIT = {"put": 403, "patch": 403, "delete": 403, "attendees": 403}
_NO_TEAM = {"team_list": 403, "team_add": 403, "team_patch": 403, "team_delete": 403}
_RSVP_NEW = {"rsvp_post": 201, "rsvp_delete": 404}
_TEAM_READ = {"team_list": 200, "team_add": 403, "team_patch": 403, "team_delete": 403}
_TEAM_ALL = {"team_list": 200, "team_add": 201, "team_patch": 200, "team_delete": 204}
_EDIT = {"put": 200, "patch": 200, "attendees": 200}
# Only attendees hold a ticket; the door is the whole team's.
_NO_DOOR = {"ticket": 404, "checkin": 403, "checkin_undo": 403}
_DOOR = {"ticket": 404, "checkin": 200, "checkin_undo": 204}
# The public routes take no credentials: every role is anyone there.
_PUBLIC = dict.fromkeys(PUBLIC_OPERATIONS, 200)
# The image is the editors'; with local storage (the tests' default) a presigned upload is a 409,
# and so is a confirm with no upload awaited.
_NO_IMAGE = {"image_delete": 403, "image_upload": 403, "image_confirm": 403}
_IMAGE = {"image_delete": 204, "image_upload": 409, "image_confirm": 409}

PUBLISHED = {
    "anonymous": dict.fromkeys(OPERATIONS, 401) | _PUBLIC,
    "other_user": _READS | _NO_EDIT | _RSVP_NEW | _NO_TEAM | _NO_DOOR | _NO_IMAGE | _PUBLIC,
    "attendee": _READS
    | _NO_EDIT
    | {"rsvp_post": 200, "rsvp_delete": 204}
    | _NO_TEAM
    | _NO_DOOR
    | {"ticket": 200}
    | _NO_IMAGE
    | _PUBLIC,
    "checker": _READS | _NO_EDIT | _RSVP_NEW | _TEAM_READ | _DOOR | _NO_IMAGE | _PUBLIC,
    "organizer": _READS | _EDIT | {"delete": 403} | _RSVP_NEW | _TEAM_ALL | _DOOR | _IMAGE | _PUBLIC,
    "owner": _READS | _EDIT | {"delete": 204} | _RSVP_NEW | _TEAM_ALL | _DOOR | _IMAGE | _PUBLIC,
    "staff": _READS | _EDIT | {"delete": 204} | _RSVP_NEW | _TEAM_ALL | _DOOR | _IMAGE | _PUBLIC,
}

# A draft: found only by its creator, its team and staff (404 for the rest, as if it did not
# exist); it takes no RSVPs (409 ``event_not_open``), so it has no tickets to show or check in
# (404 ``ticket_not_found`` to its team).
_LISTS = {"list": 200, "legacy_all": 200, "create": 201, "legacy_create": 201}
# The public list and feed answer without it, to everyone; its id is not found there by anyone.
_PUBLIC_DRAFT = {"public_list": 200, "public_retrieve": 404, "public_ics": 404, "public_feed": 200}
_HIDDEN = dict.fromkeys(set(OPERATIONS) - set(_LISTS) - set(_PUBLIC_DRAFT), 404)
_DRAFT_TEAM = {"retrieve": 200, "ics": 200, "rsvp_post": 409, "rsvp_delete": 404} | dict.fromkeys(
    CHECKIN_WRITES | {"ticket"}, 404
)

DRAFT = {
    "anonymous": dict.fromkeys(OPERATIONS, 401) | _PUBLIC_DRAFT,
    "other_user": _LISTS | _HIDDEN | _PUBLIC_DRAFT,
    "attendee": _LISTS | _HIDDEN | _PUBLIC_DRAFT,
    "checker": _LISTS | _DRAFT_TEAM | _NO_EDIT | _TEAM_READ | _NO_IMAGE | _PUBLIC_DRAFT,
    "organizer": _LISTS | _DRAFT_TEAM | _EDIT | {"delete": 403} | _TEAM_ALL | _IMAGE | _PUBLIC_DRAFT,
    "owner": _LISTS | _DRAFT_TEAM | _EDIT | {"delete": 204} | _TEAM_ALL | _IMAGE | _PUBLIC_DRAFT,
    "staff": _LISTS | _DRAFT_TEAM | _EDIT | {"delete": 204} | _TEAM_ALL | _IMAGE | _PUBLIC_DRAFT,
}

EXPECTED = {"published": PUBLISHED, "draft": DRAFT}
