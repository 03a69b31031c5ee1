"""``make bench``: every benchmark in one run, results written into bench/README.md.

Run from the project directory as ``python -m bench.run``. The generated part of the README
sits between the ``results`` markers; the prose around it is kept.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from bench import cold_start, mongo_round_trips
from bench.cold_start import MiB
from bench.common import (
    BENCH_DIR,
    access_token,
    bench_user,
    machine_description,
    ms,
    seed_events,
    setup_django,
    table,
)

TABLE_SIZES = (1_000, 10_000, 100_000)
README = BENCH_DIR / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def main() -> None:
    sections = [f"Measured {machine_description()}."]
    print("bench: cold start (packages both apps, then alternates fresh processes)", flush=True)
    cold = cold_start.measure_cold_starts()
    # In a process of its own: Django there runs on the executing MongoDB test server.
    mongo_commands = mongo_round_trips.measure_in_subprocess()
    with tempfile.TemporaryDirectory(prefix="eventsite-bench-") as tmp:
        database = Path(tmp) / "bench.sqlite3"
        setup_django(database, EMAIL_BACKEND="locmem")
        sections += in_process_sections(database, cold)
    sections.append(mongo_commands)
    sections += ["### Cold start through the Lambda handler", cold_start.report(cold)]
    replace_results("\n\n".join(sections))
    print(f"bench: results written to {README.relative_to(BENCH_DIR.parent)}")


def in_process_sections(database: Path, cold: list[cold_start.Package]) -> list[str]:
    """``cold``: the cold starts' packages, eventsite's first (their ratios join the goals)."""
    from django.db import connections

    from bench import http_load, login_cost, mixed_load, page_cost, queries, redis_cache, serialization
    from events import selectors, services
    from events.models import Event

    user, organiser = bench_user(), bench_user("organiser@example.com")
    seed_events(TABLE_SIZES[0], created_by=organiser)
    # Some events of the first page carry the caller's RSVP (the ``myRsvp`` field).
    for event in list(selectors.event_list()[:100:10]):
        services.rsvp_create(event=event, user=user)

    print("bench: queries per request", flush=True)
    query_rows = queries.measure(bench_user("queries@example.com"))
    print("bench: serialization", flush=True)
    serializer, by_hand = serialization.measure(user)
    print("bench: login at bcrypt costs", login_cost.COSTS, flush=True)
    logins = login_cost.measure()

    token = access_token(user)
    server = http_load.GunicornServer(database, database.with_name("gunicorn.log"))
    loads, pages, plans, redis = [], [], {}, ""
    try:
        server.wait_ready()
        for size in TABLE_SIZES:
            seed_events(size, created_by=organiser)
            rows = Event.objects.count()
            print(f"bench: load with {rows} events", flush=True)
            pages.append((rows, *page_cost.timings(user)))
            plans = page_cost.query_plans(user)
            # The mixed workload and the Redis figures at the smallest table only (time).
            mixed = [mixed_load.mixed_load(server, database.parent)] if size == TABLE_SIZES[0] else []
            connections.close_all()
            loads.append((rows, http_load.load_all(server, token, extra=mixed)))
            if mixed:
                redis = redis_cache.section(database, token)
    finally:
        server.stop()

    return [
        "### Goals",
        goals_table(cold, loads, pages, query_rows, serializer / by_hand),
        "### Throughput and latency under gunicorn (2 workers), wrk on loopback",
        *(f"{rows:,} events in the table:\n\n{http_load.results_table(results)}" for rows, results in loads),
        redis,
        "### The page queries as the table grows (in-process, median of 31)",
        table(
            [
                "events in the table",
                "full count query",
                "shared count (once per events version)",
                "count per request, shared count cached",
                "page query (100 rows + RSVP prefetch)",
            ],
            [
                [f"{rows:,}", ms(count), ms(shared), ms(per_request), ms(fetch)]
                for rows, count, shared, per_request, fetch in pages
            ],
        ),
        "`EXPLAIN QUERY PLAN` with the largest table:\n\n```\n"
        + "\n\n".join(f"-- {name}\n{plan}" for name, plan in plans.items())
        + "\n```",
        "### Serialization of a page of 100 events (best of 20 interleaved rounds)",
        serialization.report(serializer, by_hand),
        "### Queries per request (test client, `CaptureQueriesContext`)",
        queries.report(query_rows),
        "### Login latency by bcrypt cost (median of 5, in-process)",
        login_cost.report(logins),
    ]


def goals_table(cold: list[cold_start.Package], loads, pages, query_rows, serialization_ratio: float) -> str:
    from bench.http_load import FIRST_REQUEST, MIXED

    def result(results, name: str):
        return next(result for result in results if result.name == name)

    def throughput(results, name: str) -> float:
        return result(results, name).throughput

    def cost(results, name: str) -> float:
        return throughput(results, "GET /bench/hello") / throughput(results, name)

    (small, first), (large, last) = loads[0], loads[-1]

    def growth(name: str) -> str:
        return f"{throughput(first, name) / throughput(last, name):.2f}x"

    mixed, hello = result(first, MIXED), result(first, "GET /bench/hello")
    app_package, hello_package = cold
    cold_instructions = cold_start.instructions_ratio(cold)
    rows = [
        [
            "cold start vs hello package",
            f"{app_package.seconds / hello_package.seconds:.2f}x",
            f"<= {cold_start.GOAL:.2f}x",
        ],
        [
            "cold start vs hello package, instructions to the first response",
            "not counted" if cold_instructions is None else f"{cold_instructions:.2f}x",
            "— (the goal is on time)",
        ],
        [
            "Lambda zip size",
            f"{app_package.zip_bytes / MiB:.1f} MiB",
            f"<= {cold_start.ZIP_GOAL_BYTES / MiB:.2f} MiB",
        ],
        ["GET /events/all (page of 100) vs hello, req/s", f"{cost(first, 'GET /events/all'):.2f}x", "<= 3x"],
        [f"{FIRST_REQUEST} vs hello, req/s", f"{cost(first, FIRST_REQUEST):.2f}x", "<= 5x"],
        [f"{MIXED}: p50 vs hello", f"{mixed.p50 / hello.p50:.2f}x", "<= 4x"],
        ["POST /events/create vs hello, req/s", f"{cost(first, 'POST /events/create'):.2f}x", "<= 5x"],
        ["EventSerializer vs dicts by hand, page of 100", f"{serialization_ratio:.2f}x", "<= 3x"],
        [f"page query, {large:,} vs {small:,} events", f"{pages[-1][4] / pages[0][4]:.2f}x", "1x"],
        [f"count per request, {large:,} vs {small:,} events", f"{pages[-1][3] / pages[0][3]:.2f}x", "1x"],
        [f"full count query, {large:,} vs {small:,} events", f"{pages[-1][1] / pages[0][1]:.1f}x", "—"],
        [f"GET /events/all req/s, {small:,} / {large:,} events", growth("GET /events/all"), "1x"],
        [f"{FIRST_REQUEST} req/s, {small:,} / {large:,} events", growth(FIRST_REQUEST), "—"],
        [
            "list endpoints: same queries at pageSize 10 and 100",
            "yes" if all(row[1] == row[2] for row in query_rows if row[2] != "") else "NO",
            "yes",
        ],
    ]
    return table(["figure", "this run", "goal"], rows, align="lrr")


def replace_results(results: str) -> None:
    text = README.read_text()
    block = f"{START}\n{results}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += f"\n## Results (generated by `make bench`)\n\n{block}\n"
    README.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
