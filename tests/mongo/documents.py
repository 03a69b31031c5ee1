"""Documents as django-mongodb-backend stores them, for the wire server to return."""

import uuid
from datetime import UTC, datetime

from bson import ObjectId
from django.contrib.auth.hashers import make_password
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User, email_lookup_key

PASSWORD = "correct-Horse-battery-9"

USERS = "accounts_user"
EVENTS = "events_event"
RSVPS = "events_rsvp"
TICKETS = "events_ticket"
CALENDAR_FEEDS = "events_calendarfeed"
IDEMPOTENCY_KEYS = "accounts_idempotencykey"
FAILURE_COUNTERS = "accounts_authfailurecounter"
AUDIT_ENTRIES = "audit_auditentry"


def naive_utc(value: datetime) -> datetime:
    """BSON dates carry no zone: the backend writes UTC and the driver decodes it naive."""
    return value.astimezone(UTC).replace(tzinfo=None)


def stored_user(*, email: str = "ada@example.com", name: str = "Ada", password: str = PASSWORD) -> dict:
    return {
        "_id": ObjectId(),
        "id": uuid.uuid4().hex,
        "password": make_password(password),
        "last_login": None,
        "is_superuser": False,
        "email": email,
        "email_key": email_lookup_key(email),
        "name": name,
        "created_at": naive_utc(datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)),
        "is_active": True,
        "is_staff": False,
        "email_verified_at": None,
        "email_undeliverable_at": None,
        "pending_email": "",
        "email_rsvp_updates": True,
        "email_event_changes": True,
        "email_reminders": True,
        "email_organizer_digest": False,
    }


def stored_event(*, owner: dict, title: str = "Tech Conference", day: int = 15) -> dict:
    return {
        "_id": ObjectId(),
        "id": uuid.uuid4().hex,
        "title": title,
        "description": "Annual technology conference",
        "date": datetime(2025, 12, day, 9, 0, 0),
        "end_date": None,
        "time_zone": "",
        "location": "San Francisco, CA",
        "status": "published",
        "visibility": "members",
        "capacity": None,
        "going_count": 0,
        "image_name": "",
        "thumbnail_name": "",
        "image_status": "none",
        "image_error": "",
        "image_upload_key": "",
        "created_by_id": owner["id"],
        "created_at": datetime(2025, 1, 2, 3, 4, 5),
        "updated_at": datetime(2025, 1, 2, 3, 4, 5),
    }


def stored_rsvp(*, event: dict, user: dict, status: str = "going", day: int = 3) -> dict:
    return {
        "_id": ObjectId(),
        "id": uuid.uuid4().hex,
        "event_id": event["id"],
        "user_id": user["id"],
        "status": status,
        "created_at": datetime(2025, 1, day, 12, 0, 0),
    }


def stored_calendar_feed(*, user: dict) -> dict:
    return {
        "_id": ObjectId(),
        "id": uuid.uuid4().hex,
        "user_id": user["id"],
        "key": uuid.uuid4().hex,
        "created_at": datetime(2025, 1, 2, 3, 4, 5),
    }


def joined(document: dict, **related: dict) -> dict:
    """A ``select_related`` row: ``$lookup`` + ``$unwind`` nest each related row under its collection."""
    return {**document, **related}


def as_model_user(document: dict) -> User:
    return User(id=uuid.UUID(document["id"]), email=document["email"], name=document["name"])


def refresh_token_for(document: dict) -> RefreshToken:
    return RefreshToken.for_user(as_model_user(document))


def client_for(document: dict) -> APIClient:
    """A client with a Bearer token for the stored user (authentication reads the user back)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {refresh_token_for(document).access_token}")
    return client


def own_drafts_match(user: dict) -> dict:
    """The ``$match`` that counts ``user``'s own drafts (added to the shared count of a list)."""
    return {"$and": [{"created_by_id": user["id"]}, {"status": "draft"}]}


# The case of ``Count("pk", filter=~Q(status="draft"))``: the events everyone sees (drafts
# are shown only to their creator and staff).
NOT_DRAFT_CASE = {"$not": [{"$eq": ["$status", "draft"]}]}


def own_drafts_case(user: dict) -> dict:
    """The case of ``Count("pk", filter=Q(created_by=user, status="draft"))``: ``user``'s own drafts."""
    return {"$and": [{"$eq": ["$created_by_id", user["id"]]}, {"$eq": ["$status", "draft"]}]}


def counted_cases(pipeline: list[dict]) -> dict[str, dict]:
    """The filter of each ``Count(..., filter=...)`` of one ``aggregate()`` pipeline, by name.

    The backend groups the whole collection in a ``$facet`` (so even no rows give one answer,
    each count ``$ifNull`` 0); each count is a ``$sum`` of a ``$switch`` whose one branch is
    its filter, counting a row whose key is present. Asserted: one ``$group``, on no key.
    """
    (facet,) = [stage["$facet"] for stage in pipeline if "$facet" in stage]
    (group,) = [stage["$group"] for stages in facet.values() for stage in stages if "$group" in stage]
    assert "_id" in group and group["_id"] is None
    cases = {}
    for name, accumulator in group.items():
        if name != "_id":
            (branch,) = accumulator["$sum"]["$switch"]["branches"]
            cases[name] = branch["case"]
    return cases
