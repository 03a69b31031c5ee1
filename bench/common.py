"""What every benchmark shares: the environment, Django set-up, seeding and timing helpers.

The app runs as in production (``DJANGO_DEBUG=false``, secrets from the environment) with
``bench.settings`` (eventsite's settings plus a bare DRF hello route) on a temporary SQLite
database. TLS redirects are off because the load generator talks plain HTTP on loopback.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
PASSWORD = "s3cure-Bench-Passw0rd!"
EVENT_BODY = {"title": "Bench event", "date": "2031-05-01T18:00:00Z", "location": "Berlin"}


def bench_environment(database: Path | str, **extra: str) -> dict[str, str]:
    """Variables for a production-mode eventsite process on ``database``: a SQLite file, or a URL."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(PROJECT_DIR),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": database if isinstance(database, str) else f"sqlite:///{database}",
        # The throttles still run (their cache look-ups are part of each request's cost),
        # at rates the load generator cannot reach.
        "AUTH_THROTTLE_RATE": "10000000/min",
        "THROTTLE_ANON_RATE": "10000000/min",
        "THROTTLE_USER_RATE": "10000000/min",
        # Task messages are kept in memory: the figures are the requests' own work. On Lambda a
        # write also sends one SQS message (one more round trip); the tasks run in other invocations.
        "TASKS_BACKEND": "memory",
        **extra,
    }


def setup_django(database: Path | str, **extra: str) -> None:
    """Configure Django in this process on a fresh, migrated ``database``."""
    os.environ.update(bench_environment(database, **extra))
    sys.path.insert(0, str(PROJECT_DIR))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)


def bench_user(email: str = "bench@example.com"):
    """The user the load runs as (a low bcrypt cost: only login measures hashing)."""
    from accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, name="Bench User")
        user.set_password(PASSWORD)
        user.save()
    return user


def access_token(user) -> str:
    from accounts.services import token_pair_for

    return token_pair_for(user=user).access


def seed_events(total: int, *, created_by, batch: int = 5000) -> int:
    """Top the events table up to ``total`` rows with ``bulk_create``; returns the rows added."""
    from django.db import connection

    from events.models import Event
    from events.services import events_changed

    missing = total - Event.objects.count()
    start = datetime(2030, 1, 1, 9, tzinfo=UTC)
    added = 0
    while added < missing:
        size = min(batch, missing - added)
        Event.objects.bulk_create(
            Event(
                title=f"Seeded event {added + i}",
                description="Seeded for the benchmark",
                date=start + timedelta(minutes=7 * (added + i)),
                location="Berlin",
                created_by=created_by,
            )
            for i in range(size)
        )
        added += size
    # bulk_create bypasses the services: retire the cached list pages as they would.
    events_changed()
    if connection.vendor == "sqlite":
        # Fold the write-ahead log into the database file, so reads time the table, not the log.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return max(missing, 0)


def median_seconds(function: Callable[[], object], *, repeat: int, number: int = 1) -> float:
    """Median wall time of one call, over ``repeat`` rounds of ``number`` calls."""
    rounds = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            function()
        rounds.append((time.perf_counter() - started) / number)
    return statistics.median(rounds)


def machine_description() -> str:
    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPUs (nproc) · {cpu} · "
        f"Python {platform.python_version()} · {platform.system()} {platform.release()}"
    )


def table(header: list[str], rows: list[list[object]], *, align: str = "") -> str:
    """A Markdown table; ``align`` holds one character per column, ``l`` or ``r``."""
    align = align or "l" + "r" * (len(header) - 1)
    marks = ["---" if a == "l" else "---:" for a in align]
    lines = [header, marks, *[[str(cell) for cell in row] for row in rows]]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:.0f} ms"


def ratio(value: float, base: float, goal: float | None = None) -> str:
    text = f"{value / base:.2f}x"
    if goal is not None:
        text += " (met)" if value / base <= goal else f" (MISSED: goal <= {goal}x)"
    return text
