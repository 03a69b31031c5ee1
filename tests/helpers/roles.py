"""A client for each role a caller can have towards an event, for the permission matrices.

``ROLES`` in the matrices' order; ``user_in_role`` makes (or finds) the user, ``client_as``
a bearer client for them (no credentials for ``anonymous``).
"""

from rest_framework.test import APIClient

from tests.factories import RsvpFactory, StaffFactory, TeamMemberFactory, UserFactory
from tests.helpers.api import bearer_client

ROLES = ("anonymous", "other_user", "attendee", "checker", "organizer", "owner", "staff")


def user_in_role(role: str, event):
    """A user who is ``role`` to ``event``: a going RSVP for ``attendee``, a team row for a member."""
    if role == "anonymous":
        return None
    if role == "owner":
        return event.created_by
    if role == "staff":
        return StaffFactory()
    user = UserFactory()
    if role == "attendee":
        RsvpFactory(event=event, user=user)
    elif role in ("checker", "organizer"):
        TeamMemberFactory(event=event, user=user, role=role)
    elif role != "other_user":
        raise ValueError(f"unknown role {role!r}")
    return user


def client_as(role: str, event) -> APIClient:
    user = user_in_role(role, event)
    return APIClient() if user is None else bearer_client(user)
