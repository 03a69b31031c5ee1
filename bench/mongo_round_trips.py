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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import PROJECT_DIR
from bench.mongo_round_trips_endpoints import Endpoint, endpoints
from bench.mongo_round_trips_report import (
    ALL_EVENTS,
    BUILT,
    CACHED,
    FIRST_AFTER_WRITE,
    PAGE_SIZES,
    README,
    Counted,
    Row,
    block,
    goals_summary,
    report,
    write_readme,
)

DATABASE = "eventsite_bench"
SEEDED_EVENTS = 150


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
        return endpoints(self)


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
