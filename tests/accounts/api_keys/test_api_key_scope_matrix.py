"""Scope x route: the owner's key with just the scope a route needs gets what the owner's login
gets; a key with every scope but that one gets 403 ``scope_missing`` and changes nothing.

The routes and the owner's statuses are the permission matrix's (``tests/events/api``), less the
public routes, which take no credentials: any key, even one with no scope left, is ignored there.
"""

import pytest

from accounts.api_keys import services as api_key_services
from accounts.api_keys.scopes import SCOPE_NAMES
from events.models import Event, TeamMember
from tests.accounts.api_keys.conftest import key_client, make_key
from tests.events.api.permission_matrix import EVENT_WRITES, OPERATIONS, PUBLIC_OPERATIONS, PUBLISHED
from tests.events.api.test_permissions import request, tickets_at_the_door
from tests.factories import EventFactory, RsvpFactory, TeamMemberFactory, TicketFactory, UserFactory
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

SCOPE_OF = {
    "list": "events:read",
    "legacy_all": "events:read",
    "retrieve": "events:read",
    "create": "events:write",
    "legacy_create": "events:write",
    "put": "events:write",
    "patch": "events:write",
    "delete": "events:write",
    "rsvp_post": "rsvps:write",
    "rsvp_delete": "rsvps:write",
    "attendees": "events:read",
    "ics": "events:read",
    "team_list": "events:read",
    "team_add": "events:write",
    "team_patch": "events:write",
    "team_delete": "events:write",
    "ticket": "rsvps:read",
    "checkin": "checkin:write",
    "checkin_undo": "checkin:write",
    "image_delete": "events:write",
    "image_upload": "events:write",
    "image_confirm": "events:write",
}
KEYED_OPERATIONS = [operation for operation in OPERATIONS if operation not in PUBLIC_OPERATIONS]
# Routes of the caller's own (no event in the path): the scope and the status a key in scope gets.
OWN_ROUTES = {
    ("get", "/users/me/rsvps"): ("rsvps:read", 200),
    ("get", "/users/me/events"): ("events:read", 200),
    ("get", "/users/me/webhooks"): ("webhooks:write", 200),
}


def test_the_table_names_a_known_scope_for_every_route_of_the_permission_matrix():
    assert set(SCOPE_OF) == set(KEYED_OPERATIONS)
    assert set(SCOPE_OF.values()) | {scope for scope, _ in OWN_ROUTES.values()} <= set(SCOPE_NAMES)


def _owner_key(*scopes: str):
    """A new user, the owner of the event made next, and their key with these scopes."""
    owner = UserFactory()
    return owner, make_key(owner, *scopes)[1]


@pytest.mark.parametrize("operation", KEYED_OPERATIONS)
def test_a_key_with_the_routes_scope_gets_what_its_user_gets(operation):
    owner, key = _owner_key(SCOPE_OF[operation])
    event = EventFactory(title="Original", created_by=owner)
    member = TeamMemberFactory(event=event, role=TeamMember.Role.CHECKER)
    guest, arrived = tickets_at_the_door(event)
    for rsvp in event.rsvps.filter(ticket__isnull=True):
        TicketFactory(rsvp=rsvp)
    values = {"member": member.user_id, "newcomer": UserFactory().email, "guest": guest, "arrived": arrived}

    response = request(key_client(key), operation, event=event.pk, **values)

    assert response.status_code == PUBLISHED["owner"][operation], response.content


@pytest.mark.parametrize("operation", KEYED_OPERATIONS)
def test_a_key_without_the_routes_scope_is_refused_and_changes_nothing(operation):
    owner, key = _owner_key(*(scope for scope in SCOPE_NAMES if scope != SCOPE_OF[operation]))
    event = EventFactory(title="Original", created_by=owner)
    RsvpFactory(event=event)
    events_before = Event.objects.count()

    response = request(
        key_client(key),
        operation,
        event=event.pk,
        member=owner.pk,
        newcomer="x@example.com",
        guest="G",
        arrived="A",
    )

    body = assert_error(response, 403, "scope_missing")
    assert SCOPE_OF[operation] in body["message"]
    assert Event.objects.count() == events_before
    if operation in EVENT_WRITES:
        assert Event.objects.get(pk=event.pk).title == "Original"


@pytest.mark.parametrize(("route", "expected"), OWN_ROUTES.items())
def test_the_callers_own_lists_take_a_key_with_their_scope_only(user, route, expected):
    method, path = route
    scope, status = expected
    _, in_scope = make_key(user, scope)
    _, out_of_scope = make_key(user, *(name for name in SCOPE_NAMES if name != scope))

    assert getattr(key_client(in_scope), method)(path).status_code == status
    assert_error(getattr(key_client(out_of_scope), method)(path), 403, "scope_missing")


@pytest.mark.parametrize("operation", sorted(PUBLIC_OPERATIONS))
def test_a_public_route_ignores_any_key_even_a_revoked_one(operation):
    owner = UserFactory()
    api_key, key = make_key(owner, "events:write")
    event = EventFactory(created_by=owner, visibility=Event.Visibility.PUBLIC)
    api_key_services.api_key_revoke(api_key=api_key)

    response = request(key_client(key), operation, event=event.pk)

    assert response.status_code == 200, response.content
