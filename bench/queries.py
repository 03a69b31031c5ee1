"""Database queries per request for every endpoint, through the test client.

Each request runs against its own fresh objects (an event to delete, a token to revoke), so
the counts are those of a successful call. List endpoints run at ``pageSize`` 10 and 100:
the count must not change with the page size (no query per item).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import token_pair_for
from bench.common import EVENT_BODY, PASSWORD, table
from events import services
from events.models import Event, Rsvp

PAGE_SIZES = (10, 100)
NEW_PASSWORD = "an0ther-Bench-Passw0rd!"
ICS = "text/calendar"


@dataclass
class Call:
    name: str
    method: str
    path: str
    status: int
    body: dict | None = None
    paged: bool = False
    accept: str = "application/json"


class Fixture:
    """The users and events the calls act on; ``fresh_*`` make one for a single call."""

    def __init__(self, user: User):
        self.user = user
        self.organiser = self._user("queries-organiser@example.com")
        self.event = self.fresh_event(created_by=user)
        start = datetime(2032, 1, 1, tzinfo=UTC)
        # Enough rows for a page of 100 everywhere: attendees of one event, RSVPs of the user.
        attendees = User.objects.bulk_create(
            User(email=f"attendee{i}@example.com", name=f"Attendee {i}", password="!") for i in range(110)
        )
        Rsvp.objects.bulk_create(
            Rsvp(event=self.event, user=attendee, status=Rsvp.Status.GOING) for attendee in attendees
        )
        events = Event.objects.bulk_create(
            Event(title=f"Going {i}", date=start + timedelta(hours=i), created_by=self.organiser)
            for i in range(110)
        )
        Rsvp.objects.bulk_create(Rsvp(event=event, user=user, status=Rsvp.Status.GOING) for event in events)
        self.feed_key = services.calendar_feed_for(user=user).key

    def _user(self, email: str) -> User:
        user = User.objects.filter(email=email).first() or User(email=email, name="Bench")
        user.set_password(PASSWORD)
        user.save()
        return user

    def fresh_event(self, created_by: User | None = None) -> Event:
        return services.event_create(
            created_by=created_by or self.user, title="Queries event", date=datetime(2033, 1, 1, tzinfo=UTC)
        )

    def fresh_user(self, tag: str) -> User:
        return self._user(f"queries-{tag}@example.com")


def calls(fixture: Fixture) -> list[Call]:
    event = fixture.event
    rsvp_event = fixture.fresh_event(created_by=fixture.organiser)
    withdraw_event = fixture.fresh_event(created_by=fixture.organiser)
    services.rsvp_create(event=withdraw_event, user=fixture.user)
    reset_user = fixture.fresh_user("reset")
    refresh = token_pair_for(user=fixture.user).refresh
    return [
        Call("GET /health", "GET", "/health", 200),
        Call("POST /users/register", "POST", "/users/register", 200, _credentials("queries-new")),
        Call("POST /users/login", "POST", "/users/login", 200, _credentials(fixture.user.email)),
        Call("GET /users/me", "GET", "/users/me", 200),
        Call("PATCH /users/me", "PATCH", "/users/me", 200, {"name": "Renamed"}),
        Call("POST /users/token/refresh", "POST", "/users/token/refresh", 200, {"refreshToken": refresh}),
        Call(
            "POST /users/logout",
            "POST",
            "/users/logout",
            204,
            {"refreshToken": token_pair_for(user=fixture.user).refresh},
        ),
        Call("POST /users/password/reset", "POST", "/users/password/reset", 202, {"email": reset_user.email}),
        Call(
            "POST /users/password/reset/confirm",
            "POST",
            "/users/password/reset/confirm",
            204,
            {
                "userId": str(reset_user.pk),
                "token": default_token_generator.make_token(reset_user),
                "password": NEW_PASSWORD,
            },
        ),
        Call("GET /events/all", "GET", "/events/all", 200, paged=True),
        # The same two pages again, nothing written in between: both come from the list cache.
        Call("GET /events/all again (cached pages)", "GET", "/events/all", 200, paged=True),
        Call("GET /events", "GET", "/events", 200, paged=True),
        Call(
            "GET /events?q=…&status=… (filtered)", "GET", "/events?q=Going&status=published", 200, paged=True
        ),
        Call("POST /events/create", "POST", "/events/create", 201, EVENT_BODY),
        Call("POST /events", "POST", "/events", 201, EVENT_BODY),
        Call("GET /events/{id}", "GET", f"/events/{event.pk}", 200),
        Call("PATCH /events/{id}", "PATCH", f"/events/{event.pk}", 200, {"title": "Renamed"}),
        Call("PUT /events/{id}", "PUT", f"/events/{event.pk}", 200, EVENT_BODY),
        Call("DELETE /events/{id}", "DELETE", f"/events/{fixture.fresh_event().pk}", 204),
        Call("POST /events/{id}/rsvp", "POST", f"/events/{rsvp_event.pk}/rsvp", 201),
        Call("DELETE /events/{id}/rsvp", "DELETE", f"/events/{withdraw_event.pk}/rsvp", 204),
        Call("GET /events/{id}/attendees", "GET", f"/events/{event.pk}/attendees", 200, paged=True),
        Call("GET /events/{id}/ics", "GET", f"/events/{event.pk}/ics", 200, accept=ICS),
        Call("GET /users/me/rsvps", "GET", "/users/me/rsvps", 200, paged=True),
        Call("GET /users/me/calendar-key", "GET", "/users/me/calendar-key", 200),
        Call(
            "GET /users/me/calendar.ics",
            "GET",
            f"/users/me/calendar.ics?key={fixture.feed_key}",
            200,
            accept=ICS,
        ),
        # Last: they change the caller's password or revoke the calendar key.
        Call("DELETE /users/me/calendar-key", "DELETE", "/users/me/calendar-key", 204),
        Call(
            "POST /users/me/password",
            "POST",
            "/users/me/password",
            204,
            {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD},
        ),
    ]


def _credentials(email_or_tag: str) -> dict:
    email = email_or_tag if "@" in email_or_tag else f"{email_or_tag}@example.com"
    return {"name": "Bench", "email": email, "password": PASSWORD}


def count_queries(client: APIClient, call: Call, page_size: int | None = None) -> int:
    path = call.path
    if page_size is not None:
        path += ("&" if "?" in path else "?") + f"pageSize={page_size}"
    body = json.dumps(call.body) if call.body is not None else None
    with CaptureQueriesContext(connection) as captured:
        response = client.generic(
            call.method, path, body or "", content_type="application/json", HTTP_ACCEPT=call.accept
        )
    if response.status_code != call.status:
        raise SystemExit(f"bench: {call.name} answered {response.status_code}: {response.content[:300]!r}")
    return len(captured.captured_queries)


def measure(user: User) -> list[list[object]]:
    fixture = Fixture(user)
    client = APIClient(HTTP_ACCEPT="application/json")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user=user).access}")
    rows = []
    for call in calls(fixture):
        if call.paged:
            # Another page size first: the first list request after a write also counts what
            # everyone sees for the new events version (one query, then shared), which would
            # otherwise land on whichever page size came first.
            count_queries(client, call, 1)
            small, large = (count_queries(client, call, size) for size in PAGE_SIZES)
            verdict = "constant" if small == large else "GROWS WITH THE PAGE"
            rows.append([call.name, small, large, verdict])
        else:
            rows.append([call.name, count_queries(client, call), "", ""])
    return rows


def report(rows: list[list[object]]) -> str:
    header = ["endpoint", "queries (pageSize 10 / unpaged)", "queries (pageSize 100)", "with page size"]
    return table(header, rows, align="lrrl")
