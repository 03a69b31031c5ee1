"""The list figures again with ``CACHE_URL=redis://…``: both gunicorn workers share one Redis.

``redis-server`` (Debian's) runs on a free loopback port without persistence (``--save ""
--appendonly no``: ``tests.helpers.servers.RedisServer``, as the multi-process tests run it) for as
long as the loads; eventsite reaches it through django-redis
(``eventsite/conf/cache.py``). Measured: hello, ``GET /events/all`` repeated, its first request
of each caller and the mixed workload, interleaved. Skipped, with a message, without redis-server.
"""

from __future__ import annotations

from pathlib import Path

from bench import http_load, mixed_load
from bench.http_load import FIRST_REQUEST, LoadResult

LIST_ENDPOINTS = [
    endpoint
    for endpoint in http_load.ENDPOINTS
    if endpoint.name in {"GET /bench/hello", "GET /events/all", FIRST_REQUEST}
]
MISSING = "redis-server is not installed (apt-get install -y redis-server): the Redis figures are skipped"


def measure(database: Path, token: str) -> list[LoadResult] | None:
    """The list loads against a gunicorn whose cache is a fresh redis-server; None without one."""
    # The tests' helper (imported once Django is set up: tests.helpers needs its settings).
    from tests.helpers.servers import RedisServer, redis_server_binary

    binary = redis_server_binary()
    if binary is None:
        print(f"bench: {MISSING}", flush=True)
        return None
    folder = database.with_name("redis")
    folder.mkdir(exist_ok=True)
    redis = RedisServer(binary, folder)
    try:
        redis.start()
        return mixed_load.measure(database, token, LIST_ENDPOINTS, "gunicorn-redis.log", CACHE_URL=redis.url)
    finally:
        redis.stop()


def section(database: Path, token: str) -> str:
    """The Redis table for the README, or the line saying why it is missing."""
    from events.models import Event

    print("bench: the list loads with CACHE_URL=redis://", flush=True)
    results = measure(database, token)
    if results is None:
        return f"With Redis: not measured ({MISSING})."
    return (
        f"With `CACHE_URL=redis://127.0.0.1:<free port>/0` (both workers share one redis-server on "
        f"loopback), {Event.objects.count():,} events in the table after the loads above:\n\n"
        + http_load.results_table(results)
    )
