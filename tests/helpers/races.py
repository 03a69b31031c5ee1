"""Other processes on the test database: races between requests, run from a fresh interpreter."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection, connections
from django.http import HttpResponse

ROOT = Path(__file__).resolve().parents[2]


def shared_database_url(mongo_server) -> str | None:
    """The ``DATABASE_URL`` by which another process reaches this test database.

    None on SQLite: the test database lives in this process's memory. On MongoDB it is the
    test database (``test_<name>``) of the executing server or of the ``MONGODB_URL`` cluster.
    """
    if connection.vendor != "mongodb":
        return None
    name = connection.settings_dict["NAME"]
    if mongo_server is not None:
        return mongo_server.url(name)
    return urlsplit(os.environ["MONGODB_URL"])._replace(path=f"/{name}").geturl()


def run_race(module: str, tmp_path: Path, *args, database_url: str | None) -> dict:
    """Run ``python -m module RESULT_PATH *args`` and return the JSON it writes to RESULT_PATH.

    It runs on ``database_url`` (see ``shared_database_url``) or, when that is None, on a
    new SQLite file in ``tmp_path``, which it must migrate and fill itself.
    """
    result_path = tmp_path / "result.json"
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "LOG_LEVEL": "CRITICAL",
        "BCRYPT_ROUNDS": "4",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    env.pop("DATABASE_OFFLINE", None)
    command = [sys.executable, "-m", module, str(result_path), *map(str, args)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=120)
    return json.loads(result_path.read_text())


def rsvp_race(tmp_path: Path, mongo_server, *, attendees: int, capacity: int, keyed: bool = False) -> dict:
    """``tests.events.api.rsvp_race``: ``attendees`` RSVP at once to an event of ``capacity``
    (each with an ``Idempotency-Key`` of its own when ``keyed``), on this test's database."""
    from tests.factories import EventFactory, UserFactory

    database_url = shared_database_url(mongo_server)
    if database_url is None:
        people = ["--create", attendees, capacity]
    else:
        event = EventFactory(capacity=capacity)
        people = [event.pk, *(user.pk for user in UserFactory.create_batch(attendees))]
    flags = ["--idempotency-keys"] if keyed else []
    return run_race("tests.events.api.rsvp_race", tmp_path, *flags, *people, database_url=database_url)


@dataclass(frozen=True)
class RaceAnswer:
    """What one request of a race got."""

    status: int
    body: str  # the content, or the exception that escaped the app (answered as a 500)
    replayed: bool  # ``Idempotent-Replayed``

    @property
    def rsvp_status(self) -> str | None:
        return self._json().get("rsvp", {}).get("status")

    @property
    def error(self) -> str | None:
        """The error envelope's code, or what a 500 says."""
        if self.status < 400:
            return None
        return self._json().get("code") or self.body[:300]

    def _json(self) -> dict:
        try:
            body = json.loads(self.body)
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}


def race_answer(send: Callable[[], HttpResponse]) -> RaceAnswer:
    """Send one request of a race from its own thread, whose connections close after it."""
    try:
        response = send()
    except Exception as exc:
        return RaceAnswer(500, _described(exc), replayed=False)
    finally:
        connections.close_all()
    replayed = response.has_header("Idempotent-Replayed")
    return RaceAnswer(response.status_code, response.content.decode(), replayed)


def _described(exc: BaseException) -> str:
    """``Type: message``, with what caused it (the driver's error under Django's ``DatabaseError``)."""
    described = f"{type(exc).__name__}: {exc}"
    cause = exc.__cause__ or exc.__context__
    return f"{described} <- {_described(cause)}" if cause is not None else described
