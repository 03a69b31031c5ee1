"""The requests bench.mongo_round_trips counts, one ``Endpoint`` each."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bench.common import EVENT_BODY, PASSWORD
from bench.mongo_round_trips_report import ALL_EVENTS, FILTERED

if TYPE_CHECKING:
    from bench.mongo_round_trips import Bench

ICS = "text/calendar"
HTML = "text/html"
NEW_PASSWORD = "an0ther-Bench-Passw0rd!"


@dataclass
class Request:
    """One request to send; ``client`` None means the benchmark's authenticated user."""

    path: str
    body: dict | None = None
    client: object | None = None
    headers: dict = field(default_factory=dict)


@dataclass
class Endpoint:
    """``make`` builds a fresh request (and the objects it acts on) for each send."""

    name: str
    method: str
    make: Callable[[], Request]
    status: int = 200
    accept: str = "application/json"
    paged: bool = False
    cached_list: bool = False  # an event list: counted built after a write and from the list cache


def endpoints(bench: Bench) -> list[Endpoint]:
    """Every endpoint the benchmark counts, each making fresh requests from ``bench``'s data."""
    from django.contrib.auth.tokens import default_token_generator

    from accounts.services import token_pair_for
    from events import services

    user, fixture = bench.user, bench.fixture
    event = fixture.event
    reset_user = bench.fresh_user()
    passwords = itertools.cycle([NEW_PASSWORD, PASSWORD])

    def fixed(path: str, body: dict | None = None, **kw) -> Callable[[], Request]:
        return lambda: Request(path, body, **kw)

    def register() -> Request:
        return Request(
            "/users/register",
            {
                "name": "Bench",
                "email": f"mongo-new-{next(bench.serial)}@example.com",
                "password": PASSWORD,
            },
        )

    def refresh() -> Request:
        return Request("/users/token/refresh", {"refreshToken": token_pair_for(user=user).refresh})

    def logout() -> Request:
        return Request("/users/logout", {"refreshToken": token_pair_for(user=user).refresh})

    def reset_confirm() -> Request:
        reset_user.refresh_from_db()
        token = default_token_generator.make_token(reset_user)
        body = {"userId": str(reset_user.pk), "token": token, "password": next(passwords)}
        return Request("/users/password/reset/confirm", body)

    def password_change() -> Request:
        # It makes every token of the user stale: a fresh user with a client of its own.
        other = bench.fresh_user()
        body = {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
        return Request("/users/me/password", body, client=bench.client_for(other))

    def on_event(
        make_event: Callable[[], object], suffix: str = "", body=None, **kw
    ) -> Callable[[], Request]:
        return lambda: Request(f"/events/{make_event().pk}{suffix}", body, **kw)

    def own_event():
        return bench.fresh_event(created_by=user)

    def going_event():
        event = bench.fresh_event()
        services.rsvp_create(event=event, user=user)
        return event

    def waitlisted_event():
        event = bench.full_event()
        services.rsvp_create(event=event, user=user)
        return event

    def promoting_event():
        """The caller holds the only seat, someone waits for it."""
        event = bench.fresh_event(capacity=1)
        services.rsvp_create(event=event, user=user)
        services.rsvp_create(event=event, user=bench.filler)
        return event

    def idempotent(make: Callable[[], Request]) -> Callable[[], Request]:
        def with_key() -> Request:
            request = make()
            request.headers["HTTP_IDEMPOTENCY_KEY"] = f"bench-{next(bench.serial)}"
            return request

        return with_key

    replayed_key = f"bench-replayed-{next(bench.serial)}"

    def feed() -> Request:
        key = services.calendar_feed_for(user=user).key
        return Request(f"/users/me/calendar.ics?key={key}", client=bench.anonymous)

    def revoke_feed() -> Request:
        services.calendar_feed_for(user=user)
        return Request("/users/me/calendar-key")

    creator = {"name": "Bench", "email": user.email, "password": PASSWORD}
    staff = {"client": bench.admin}
    # Open to all, and sent without a token (as a monitor or a browser does): a bearer token
    # adds the user lookup (one aggregate) to any request.
    anonymous = {"client": bench.anonymous}
    return [
        Endpoint("GET / (no token)", "GET", fixed("/", **anonymous)),
        Endpoint("GET /health (no token)", "GET", fixed("/health", **anonymous)),
        Endpoint(
            "GET /schema (no token)",
            "GET",
            fixed("/schema", **anonymous),
            accept="application/vnd.oai.openapi",
        ),
        Endpoint("GET /docs (no token)", "GET", fixed("/docs", **anonymous), accept=HTML),
        Endpoint("GET /redoc (no token)", "GET", fixed("/redoc", **anonymous), accept=HTML),
        Endpoint("POST /users/register", "POST", register),
        Endpoint("POST /users/login", "POST", fixed("/users/login", creator)),
        Endpoint("GET /users/me", "GET", fixed("/users/me")),
        Endpoint("PATCH /users/me", "PATCH", fixed("/users/me", {"name": "Renamed"})),
        Endpoint("POST /users/token/refresh", "POST", refresh),
        Endpoint("POST /users/logout", "POST", logout, status=204),
        Endpoint(
            "POST /users/password/reset",
            "POST",
            fixed("/users/password/reset", {"email": reset_user.email}),
            status=202,
        ),
        Endpoint("POST /users/password/reset/confirm", "POST", reset_confirm, status=204),
        Endpoint("POST /users/me/password", "POST", password_change, status=204),
        Endpoint(ALL_EVENTS, "GET", fixed("/events/all"), cached_list=True),
        Endpoint("GET /events", "GET", fixed("/events"), cached_list=True),
        Endpoint(f"GET {FILTERED}", "GET", fixed(FILTERED), cached_list=True),
        Endpoint("POST /events/create", "POST", fixed("/events/create", EVENT_BODY), status=201),
        Endpoint("POST /events", "POST", fixed("/events", EVENT_BODY), status=201),
        Endpoint(
            "POST /events/create with Idempotency-Key (first request)",
            "POST",
            idempotent(fixed("/events/create", EVENT_BODY)),
            status=201,
        ),
        Endpoint(
            "POST /events/create with Idempotency-Key (replayed answer)",
            "POST",
            fixed("/events/create", EVENT_BODY, headers={"HTTP_IDEMPOTENCY_KEY": replayed_key}),
            status=201,
        ),
        Endpoint("GET /events/{id}", "GET", fixed(f"/events/{event.pk}")),
        Endpoint("PATCH /events/{id}", "PATCH", fixed(f"/events/{event.pk}", {"title": "Renamed"})),
        Endpoint(
            "PATCH /events/{id} (capacity: seats refilled from the waitlist)",
            "PATCH",
            on_event(own_event, body={"capacity": 50}),
        ),
        Endpoint("PUT /events/{id}", "PUT", fixed(f"/events/{event.pk}", EVENT_BODY)),
        Endpoint("DELETE /events/{id}", "DELETE", on_event(own_event), status=204),
        Endpoint("POST /events/{id}/rsvp (going)", "POST", on_event(bench.fresh_event, "/rsvp"), status=201),
        Endpoint(
            "POST /events/{id}/rsvp (waitlisted)", "POST", on_event(bench.full_event, "/rsvp"), status=201
        ),
        Endpoint("POST /events/{id}/rsvp (already there: 200)", "POST", on_event(going_event, "/rsvp")),
        Endpoint(
            "POST /events/{id}/rsvp with Idempotency-Key (going)",
            "POST",
            idempotent(on_event(bench.fresh_event, "/rsvp")),
            status=201,
        ),
        Endpoint(
            "DELETE /events/{id}/rsvp (going, nobody waiting)",
            "DELETE",
            on_event(going_event, "/rsvp"),
            status=204,
        ),
        Endpoint(
            "DELETE /events/{id}/rsvp (going, the seat goes to the waitlist)",
            "DELETE",
            on_event(promoting_event, "/rsvp"),
            status=204,
        ),
        Endpoint(
            "DELETE /events/{id}/rsvp (waitlisted)",
            "DELETE",
            on_event(waitlisted_event, "/rsvp"),
            status=204,
        ),
        Endpoint("GET /events/{id}/attendees", "GET", fixed(f"/events/{event.pk}/attendees"), paged=True),
        Endpoint("GET /events/{id}/ics", "GET", fixed(f"/events/{event.pk}/ics"), accept=ICS),
        Endpoint("GET /users/me/rsvps", "GET", fixed("/users/me/rsvps"), paged=True),
        Endpoint("GET /users/me/calendar-key", "GET", fixed("/users/me/calendar-key")),
        Endpoint("POST /users/me/calendar-key (rotate)", "POST", fixed("/users/me/calendar-key")),
        Endpoint("GET /users/me/calendar.ics (the calendar feed)", "GET", feed, accept=ICS),
        Endpoint("DELETE /users/me/calendar-key", "DELETE", revoke_feed, status=204),
        Endpoint("GET /admin/ (staff session)", "GET", fixed("/admin/", **staff), accept=HTML),
        Endpoint(
            "GET /admin/events/event/ (staff session, 100 a page)",
            "GET",
            fixed("/admin/events/event/", **staff),
            accept=HTML,
        ),
    ]
