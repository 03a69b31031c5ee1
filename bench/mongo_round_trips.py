"""MongoDB commands per request for every endpoint, counted on the executing test server.

In production every MongoDB command is at least one network round trip to Atlas, so the
number of commands a request sends is its floor on latency. This counts them: Django runs
in this process on MongoDB (pymongo, django-mongodb-backend) against
``tests.mongo_server.server.MongoServer`` (mockupdb on the wire, mongomock-ng executing
every command), migrated and seeded here, and the test client sends each request. The
server records every command but the handshake, ``ping``, ``endSessions`` and
``killCursors``; a transaction shows as its statements (the first carries
``startTransaction``) plus ``commitTransaction``, which is counted: it is a round trip.

Each request is sent once to warm up, then again, on fresh objects where it writes (an
event to delete, a refresh token to rotate), to be counted. List endpoints are counted at
``pageSize`` 10 and 100; the event lists, which the list cache serves
(``EVENT_LIST_CACHE_SECONDS`` at its default), both as built after a write and as a
cached hit.

Re-run alone with ``python -m bench.mongo_round_trips``: it prints the table and rewrites
its block inside the generated results of bench/README.md. ``make bench`` (``bench.run``)
runs it in its own process (Django there is already set up on SQLite) with ``--output``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path

from bench.common import BENCH_DIR, EVENT_BODY, PASSWORD, PROJECT_DIR, machine_description, table

README = BENCH_DIR / "README.md"
RESULTS_END = "<!-- results:end -->"
START, END = "<!-- mongo-round-trips:start -->", "<!-- mongo-round-trips:end -->"
DATABASE = "eventsite_bench"
PAGE_SIZES = (10, 100)
SEEDED_EVENTS = 150
# The order of the breakdown; any other command follows, by name.
COMMAND_ORDER = (
    "aggregate",
    "find",
    "count",
    "insert",
    "update",
    "delete",
    "findAndModify",
    "commitTransaction",
    "abortTransaction",
)
ICS = "text/calendar"
HTML = "text/html"
NEW_PASSWORD = "an0ther-Bench-Passw0rd!"

# How the event lists are counted (the list cache serves them): labels of the rows.
FIRST_AFTER_WRITE = " (first list request after a write: page built, shared count too)"
BUILT = " (page built after a write)"
CACHED = " (cached page)"
ALL_EVENTS = "GET /events/all"
FILTERED = "/events?q=Going&status=published"
# Goals: (endpoint names, at most this many commands, must be the same at both page sizes)
GOALS = (
    (("GET /users/me",), 2, False),
    (tuple(ALL_EVENTS + case for case in (FIRST_AFTER_WRITE, BUILT, CACHED)), 4, True),
    (("POST /events/create",), 4, False),
    (("POST /events/{id}/rsvp (going)", "POST /events/{id}/rsvp (waitlisted)"), 6, False),
)


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


@dataclass
class Counted:
    """The commands one request sent, in order: ``(name, collection, in a transaction, starts one)``."""

    commands: list[tuple[str, str | None, bool, bool]]

    @property
    def total(self) -> int:
        return len(self.commands)

    def summary(self) -> str:
        counts = Counter(name for name, *_ in self.commands)
        names = [n for n in COMMAND_ORDER if n in counts] + sorted(set(counts) - set(COMMAND_ORDER))
        breakdown = ", ".join(f"{counts[name]} {name}" for name in names)
        return f"{self.total} ({breakdown})" if breakdown else "0"

    def transactions(self) -> str:
        started = sum(1 for *_, starts in self.commands if starts)
        if not started:
            return "—"
        statements = sum(
            1 for name, _, in_txn, _ in self.commands if in_txn and not name.endswith("Transaction")
        )
        ends = [name for name, *_ in self.commands if name in ("commitTransaction", "abortTransaction")]
        ending = " + ".join(f"{ends.count(n)} {n}" for n in dict.fromkeys(ends)) or "no end"
        return f"{started}: {statements} statements + {ending}"

    def sequence(self) -> str:
        def step(name, collection, in_txn, starts) -> str:
            mark = (
                "[start txn] "
                if starts
                else ("[txn] " if in_txn and not name.endswith("Transaction") else "")
            )
            return f"{mark}{name} {collection}" if collection else f"{mark}{name}"

        return " → ".join(step(*command) for command in self.commands) or "(none)"


@dataclass
class Row:
    name: str
    counts: list[Counted]  # one per page size, or one for a request without pages


class Bench:
    """The server, the Django set-up on it, the seeded data and the requests."""

    def __init__(self):
        from tests.mongo_server.server import MongoServer

        self.server = MongoServer()
        self.server.start()
        self.static = tempfile.TemporaryDirectory(prefix="eventsite-bench-static-")
        from django.core.management import call_command

        from bench.common import setup_django

        setup_django(
            self.server.url(DATABASE),
            # The production URL conf (bench.settings adds the hello route).
            DJANGO_SETTINGS_MODULE="eventsite.settings",
            # The admin and the API docs pages need the collected files' manifest.
            DJANGO_STATIC_ROOT=self.static.name,
            EMAIL_BACKEND="locmem",
            # bcrypt at its lowest cost: hashes are made and checked at the same cost, so no
            # login re-hashes (a write) and the count is the same as at the default cost.
            BCRYPT_ROUNDS="4",
            LOG_LEVEL="WARNING",
        )
        call_command("collectstatic", "--noinput", verbosity=0)
        self.serial = itertools.count()

    def stop(self) -> None:
        self.server.stop()
        self.static.cleanup()

    def seed(self) -> None:
        from rest_framework.test import APIClient

        from accounts.services import token_pair_for
        from bench.common import bench_user, seed_events
        from bench.queries import Fixture
        from events import selectors, services

        self.user = bench_user("mongo@example.com")
        self.organiser = bench_user("mongo-organiser@example.com")
        seed_events(SEEDED_EVENTS, created_by=self.organiser)
        # Some events of the first page carry the caller's RSVP (the ``myRsvp`` field).
        for event in list(selectors.event_list()[:100:10]):
            services.rsvp_create(event=event, user=self.user)
        # The caller's own event with 110 attendees, and 110 more events the caller is going to.
        self.fixture = Fixture(self.user)
        self.filler = bench_user("mongo-filler@example.com")
        self.staff = bench_user("mongo-staff@example.com")
        self.staff.is_staff = self.staff.is_superuser = True
        self.staff.save()
        self.client = APIClient(HTTP_ACCEPT="application/json")
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user=self.user).access}")
        self.anonymous = APIClient(HTTP_ACCEPT="application/json")
        self.admin = APIClient()
        self.admin.force_login(self.staff)

    def describe_data(self) -> str:
        from events.models import Event, Rsvp

        return f"{Event.objects.count()} events, {Rsvp.objects.count()} RSVPs"

    # Fresh objects

    def fresh_user(self):
        from bench.common import bench_user

        return bench_user(f"mongo-fresh-{next(self.serial)}@example.com")

    def client_for(self, user):
        from rest_framework.test import APIClient

        from accounts.services import token_pair_for

        client = APIClient(HTTP_ACCEPT="application/json")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user=user).access}")
        return client

    def fresh_event(self, *, created_by=None, capacity: int | None = None):
        from events import services

        return services.event_create(
            created_by=created_by or self.organiser,
            title="Round trips event",
            date=datetime(2033, 1, 1, tzinfo=UTC) + timedelta(minutes=next(self.serial)),
            capacity=capacity,
        )

    def full_event(self):
        """Published, capacity 1, the seat taken by someone else: the next RSVP waits."""
        from events import services

        event = self.fresh_event(capacity=1)
        services.rsvp_create(event=event, user=self.filler)
        return event

    def retire_list_pages(self) -> None:
        from events import services

        services.events_changed()

    # Sending and counting

    def send(self, endpoint: Endpoint, page_size: int | None = None) -> Counted:
        request = endpoint.make()
        path = request.path
        if page_size is not None:
            path += ("&" if "?" in path else "?") + f"pageSize={page_size}"
        body = json.dumps(request.body) if request.body is not None else ""
        client = request.client or self.client
        self.server.clear_commands()
        response = client.generic(
            endpoint.method,
            path,
            body,
            content_type="application/json",
            HTTP_ACCEPT=endpoint.accept,
            **request.headers,
        )
        sent = list(self.server.commands)
        if response.status_code != endpoint.status:
            raise SystemExit(
                f"bench: {endpoint.name} answered {response.status_code}, not {endpoint.status}: "
                f"{response.content[:300]!r}"
            )
        return Counted(
            [
                (c.name, c.collection, c.doc.get("autocommit") is False, bool(c.doc.get("startTransaction")))
                for c in sent
            ]
        )

    def measure(self) -> list[Row]:
        rows = []
        for endpoint in self.endpoints():
            if endpoint.cached_list:
                rows += self.measure_list(endpoint)
            elif endpoint.paged:
                counts = []
                for size in PAGE_SIZES:
                    self.send(endpoint, size)
                    counts.append(self.send(endpoint, size))
                rows.append(Row(endpoint.name, counts))
            else:
                self.send(endpoint)
                rows.append(Row(endpoint.name, [self.send(endpoint)]))
        return rows

    def measure_list(self, endpoint: Endpoint) -> list[Row]:
        """A list page built after a write, then the same page from the list cache.

        Built: after a write the first list request also counts the events everyone sees
        (once per events version, then shared by every caller and page); a request at
        another page size pays that first, so the row shows what every page built pays.
        For ``/events/all`` the first list request after a write is shown too.
        """
        first, built, cached = [], [], []
        for size in PAGE_SIZES:
            self.send(endpoint, size)
            if endpoint.name == ALL_EVENTS:
                self.retire_list_pages()
                first.append(self.send(endpoint, size))
            self.retire_list_pages()
            self.send(endpoint, 1)
            built.append(self.send(endpoint, size))
            cached.append(self.send(endpoint, size))
        rows = [Row(endpoint.name + FIRST_AFTER_WRITE, first)] if first else []
        return [*rows, Row(endpoint.name + BUILT, built), Row(endpoint.name + CACHED, cached)]

    def endpoints(self) -> list[Endpoint]:
        from django.contrib.auth.tokens import default_token_generator

        from accounts.services import token_pair_for
        from events import services

        user, fixture = self.user, self.fixture
        event = fixture.event
        reset_user = self.fresh_user()
        passwords = itertools.cycle([NEW_PASSWORD, PASSWORD])

        def fixed(path: str, body: dict | None = None, **kw) -> Callable[[], Request]:
            return lambda: Request(path, body, **kw)

        def register() -> Request:
            return Request(
                "/users/register",
                {
                    "name": "Bench",
                    "email": f"mongo-new-{next(self.serial)}@example.com",
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
            other = self.fresh_user()
            body = {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
            return Request("/users/me/password", body, client=self.client_for(other))

        def on_event(
            make_event: Callable[[], object], suffix: str = "", body=None, **kw
        ) -> Callable[[], Request]:
            return lambda: Request(f"/events/{make_event().pk}{suffix}", body, **kw)

        def own_event():
            return self.fresh_event(created_by=user)

        def going_event():
            event = self.fresh_event()
            services.rsvp_create(event=event, user=user)
            return event

        def waitlisted_event():
            event = self.full_event()
            services.rsvp_create(event=event, user=user)
            return event

        def promoting_event():
            """The caller holds the only seat, someone waits for it."""
            event = self.fresh_event(capacity=1)
            services.rsvp_create(event=event, user=user)
            services.rsvp_create(event=event, user=self.filler)
            return event

        def idempotent(make: Callable[[], Request]) -> Callable[[], Request]:
            def with_key() -> Request:
                request = make()
                request.headers["HTTP_IDEMPOTENCY_KEY"] = f"bench-{next(self.serial)}"
                return request

            return with_key

        replayed_key = f"bench-replayed-{next(self.serial)}"

        def feed() -> Request:
            key = services.calendar_feed_for(user=user).key
            return Request(f"/users/me/calendar.ics?key={key}", client=self.anonymous)

        def revoke_feed() -> Request:
            services.calendar_feed_for(user=user)
            return Request("/users/me/calendar-key")

        creator = {"name": "Bench", "email": user.email, "password": PASSWORD}
        staff = {"client": self.admin}
        # Open to all, and sent without a token (as a monitor or a browser does): a bearer token
        # adds the user lookup (one aggregate) to any request.
        anonymous = {"client": self.anonymous}
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
            Endpoint(
                "POST /events/{id}/rsvp (going)", "POST", on_event(self.fresh_event, "/rsvp"), status=201
            ),
            Endpoint(
                "POST /events/{id}/rsvp (waitlisted)", "POST", on_event(self.full_event, "/rsvp"), status=201
            ),
            Endpoint("POST /events/{id}/rsvp (already there: 200)", "POST", on_event(going_event, "/rsvp")),
            Endpoint(
                "POST /events/{id}/rsvp with Idempotency-Key (going)",
                "POST",
                idempotent(on_event(self.fresh_event, "/rsvp")),
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


# Report


def goal_for(name: str) -> tuple[int, bool] | None:
    for names, limit, constant in GOALS:
        if name in names:
            return limit, constant
    return None


def verdict(row: Row) -> str:
    goal = goal_for(row.name)
    if goal is None:
        return ""
    limit, constant = goal
    totals = [counted.total for counted in row.counts]
    wanted = f"≤ {limit}" + (", same at 10 and 100" if constant else "")
    missed = max(totals) > limit or (constant and len(set(totals)) > 1)
    return f"{wanted}: **MISSED**" if missed else f"{wanted}: met"


def report(rows: list[Row]) -> str:
    """The Markdown table: commands per request, and the goals beside them."""
    lines = []
    for row in rows:
        small = row.counts[0].summary()
        large = row.counts[1].summary() if len(row.counts) > 1 else "same (no pages)"
        transactions = " / ".join(dict.fromkeys(counted.transactions() for counted in row.counts))
        lines.append([row.name, small, large, transactions, verdict(row)])
    header = ["endpoint", "commands (pageSize 10)", "commands (pageSize 100)", "transactions", "goal"]
    return table(header, lines, align="lllll")


def goals_summary(rows: list[Row]) -> str:
    verdicts = {row.name: verdict(row) for row in rows if goal_for(row.name)}
    missed = [name for name, text in verdicts.items() if "MISSED" in text]
    met = len(verdicts) - len(missed)
    text = f"Goals: {met} of {len(verdicts)} rows met"
    return text + (f"; missed: {', '.join(missed)}." if missed else ".")


def sequences(rows: list[Row]) -> str:
    """Each request's commands in order (collection included), for reading a change's effect."""
    lines = []
    for row in rows:
        shown = dict.fromkeys(counted.sequence() for counted in row.counts)
        for size, sequence in zip(PAGE_SIZES, shown, strict=False):
            label = f"{row.name} (pageSize {size})" if len(shown) > 1 else row.name
            lines.append(f"{label}: {sequence}")
    return "\n".join(lines)


def provenance() -> str:
    """The commit measured, and any uncommitted change outside bench/ (others edit the app)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "--no-optional-locks", *args],
                cwd=PROJECT_DIR,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = [
        line[3:] for line in git("status", "--porcelain").splitlines() if not line[3:].startswith("bench/")
    ]
    if changed:
        shown = ", ".join(changed[:6]) + (f" and {len(changed) - 6} more" if len(changed) > 6 else "")
        return f"commit {commit} + uncommitted changes to {shown}"
    return f"commit {commit}"


def block(rows: list[Row], data: str) -> str:
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("pymongo", "django-mongodb-backend", "mongomock-ng", "mockupdb")
    )
    return "\n\n".join(
        [
            START,
            "### MongoDB commands per request (executing test server)",
            f"Measured {machine_description()} · {provenance()} · {versions} · "
            f"{data} · `EVENT_LIST_CACHE_SECONDS` at its default. "
            "Re-run alone: `.venv/bin/python -m bench.mongo_round_trips`.",
            "Each request warmed up once, then counted; on Atlas each command is at least one round "
            "trip. A transaction's `startTransaction` rides on its first statement; "
            "`commitTransaction` is counted.",
            report(rows),
            goals_summary(rows),
            "<details><summary>The commands of each request, in order</summary>\n\n```\n"
            + sequences(rows)
            + "\n```\n\n</details>",
            END,
        ]
    )


def write_readme(text: str) -> None:
    """Replace this block in bench/README.md; the first time, put it at the end of the results."""
    readme = README.read_text()
    if START in readme and END in readme:
        before, rest = readme.split(START, 1)
        readme = before + text + rest.split(END, 1)[1]
    elif RESULTS_END in readme:
        readme = readme.replace(RESULTS_END, f"{text}\n{RESULTS_END}", 1)
    else:
        readme += f"\n{text}\n"
    README.write_text(readme)


def measure_in_subprocess() -> str:
    """For ``bench.run``: the block, measured in a process of its own (Django set up on MongoDB)."""
    with tempfile.TemporaryDirectory(prefix="eventsite-bench-mongo-") as tmp:
        output = Path(tmp) / "block.md"
        subprocess.run(
            [sys.executable, "-m", "bench.mongo_round_trips", "--output", str(output)],
            cwd=PROJECT_DIR,
            env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
            check=True,
        )
        return output.read_text()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.mongo_round_trips", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--output", type=Path, help="write the block here instead of into bench/README.md")
    args = parser.parse_args(argv)
    print("bench: MongoDB commands per request (executing test server)", flush=True)
    bench = Bench()
    try:
        bench.seed()
        data = bench.describe_data()
        rows = bench.measure()
        text = block(rows, data)
    finally:
        bench.stop()
    print(report(rows), goals_summary(rows), sep="\n\n", flush=True)
    if args.output:
        args.output.write_text(text)
    else:
        write_readme(text)
        print(f"bench: written to {README.relative_to(PROJECT_DIR)}")


if __name__ == "__main__":
    main()
