"""The mixed workload: 200 callers read ``GET /events/all`` while every 20th request writes.

wrk runs ``wrk_mixed.lua``: each read is the next caller's (round-robin) page of 100, every
tenth read the second page; every 20th request is a write by the next writer in round-robin (so
one caller never has two writes in flight): every fifth of them ``POST /events/create``, the
others toggle the writer's RSVP to its own one of the first 200 published events without
capacity (``POST`` when they have none, ``DELETE`` when they have one; every second caller
starts with one, so both kinds come from the first round on). Which RSVPs exist is read from
the database before each run and handed to the script with the tokens and event ids, so a
write never fails (any non-2xx stops the run, as in the other loads). The reads are timed apart
in the Lua script (the app echoes each request's ``X-Request-ID``).

Alone: ``.venv/bin/python -m bench.mixed_load`` (~2 minutes: a temporary database of 1,115
events, gunicorn with the per-process cache and, when ``redis-server`` is installed, with Redis).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from bench import http_load
from bench.common import EVENT_BODY, access_token, bench_user
from bench.http_load import MIXED, GunicornServer, LoadResult, load_result, run_wrk

CALLERS = 200
EVENT_POOL = 200
SMALLEST_TABLE = 1_115
# Requests still in flight when wrk stops are answered before the next run reads the RSVPs.
SETTLE_SECONDS = 0.5


def callers(count: int = CALLERS) -> list:
    """``count`` users of their own (bcrypt at its lowest cost: nobody logs in here)."""
    from django.test import override_settings

    with override_settings(BCRYPT_ROUNDS=4):
        return [bench_user(f"mixed-{number}@example.com") for number in range(count)]


def event_pool(size: int = EVENT_POOL) -> list[int]:
    """The first ``size`` published events without capacity (an RSVP is always ``going``)."""
    from events.models import Event

    events = Event.objects.filter(status=Event.Status.PUBLISHED, capacity__isnull=True)
    return list(events.order_by("date", "id").values_list("id", flat=True)[:size])


class MixedLoad:
    """One load of ``http_load.run_rounds``: called with the seconds to run."""

    def __init__(self, server: GunicornServer, state: Path, users: list, events: list[int]):
        self.server, self.state, self.users, self.events = server, state, users, events
        self.tokens = [access_token(user) for user in users]
        self.writer = 0

    def __call__(self, seconds: int) -> LoadResult:
        self.write_state()
        env = {"BENCH_MIXED_STATE": str(self.state), "BENCH_BODY": json.dumps(EVENT_BODY)}
        summary = run_wrk(self.server, MIXED, "/events/all?pageSize=100", "wrk_mixed.lua", env, seconds)
        self.writer += summary["writes"]
        time.sleep(SETTLE_SECONDS)
        if not summary["reads_timed"]:
            raise SystemExit(f"bench: {MIXED}: no read answered with its X-Request-ID: {summary}")
        result = load_result(MIXED, summary)
        result.reads_p50, result.reads_p99 = summary["reads_p50_us"] / 1e6, summary["reads_p99_us"] / 1e6
        return result

    def write_state(self) -> None:
        from events.models import Rsvp

        number = {user.pk: index for index, user in enumerate(self.users, 1)}
        rsvps = Rsvp.objects.filter(user__in=self.users, event_id__in=self.events)
        lines = [
            *(f"T {token}" for token in self.tokens),
            *(f"E {event}" for event in self.events),
            *(f"R {number[user]} {event}" for user, event in rsvps.values_list("user_id", "event_id")),
            f"O {self.writer}",
        ]
        self.state.write_text("\n".join(lines) + "\n")


def mixed_load(server: GunicornServer, work: Path) -> MixedLoad:
    """The mixed load on ``server``: its callers (made once), the event pool, the first RSVPs."""
    from events import services
    from events.models import Event, Rsvp

    users, events = callers(), event_pool()
    for user, event in list(zip(users, events, strict=False))[::2]:
        if not Rsvp.objects.filter(user=user, event_id=event).exists():
            services.rsvp_create(event=Event.objects.get(pk=event), user=user)
    return MixedLoad(server, work / f"mixed-state-{server.port}.txt", users, events)


def measure(
    database: Path,
    token: str,
    endpoints=http_load.ENDPOINTS,
    log: str = "gunicorn-mixed.log",
    **environment: str,
) -> list[LoadResult]:
    """``endpoints`` (hello first) and the mixed load, interleaved, on a gunicorn of its own."""
    from django.db import connections

    server = GunicornServer(database, database.with_name(log), **environment)
    try:
        server.wait_ready()
        mixed = mixed_load(server, database.parent)
        connections.close_all()
        return http_load.run_rounds([*http_load.endpoint_loads(server, token, endpoints), mixed])
    finally:
        server.stop()


def main() -> None:
    from bench import redis_cache
    from bench.common import seed_events, setup_django

    with tempfile.TemporaryDirectory(prefix="eventsite-bench-") as tmp:
        database = Path(tmp) / "bench.sqlite3"
        setup_django(database, EMAIL_BACKEND="locmem")
        user = bench_user()
        seed_events(SMALLEST_TABLE, created_by=bench_user("organiser@example.com"))
        print(f"bench: mixed workload, {SMALLEST_TABLE:,} events, per-process cache", flush=True)
        print(http_load.results_table(measure(database, access_token(user))), flush=True)
        print(redis_cache.section(database, access_token(user)))


if __name__ == "__main__":
    main()
