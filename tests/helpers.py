"""Assertions, clients and clocks shared by the API tests."""

import base64
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jwt
from django.db import connection, connections
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from eventsite.api.throttling import FixedWindowRateThrottle
from tests.factories import DEFAULT_PASSWORD

# A client address from a documentation range (TEST-NET-2), for requests that need a fixed one.
CLIENT_ADDRESS = "198.51.100.7"
ROOT = Path(__file__).resolve().parents[1]


def assert_error(response: HttpResponse, status: int, code: str | None = None) -> dict:
    """The response is a JSON error envelope with this status (and code); returns the body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"message", "code", "errors"}
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["code"], str) and body["code"]
    if code is not None:
        assert body["code"] == code
    return body


def assert_field_errors(response: HttpResponse, *fields: str) -> dict:
    """A 400 envelope naming exactly these fields."""
    body = assert_error(response, 400, "invalid")
    assert set(body["errors"]) == set(fields)
    assert all(body["errors"][field] for field in fields)
    return body["errors"]


# Clients and requests


def bearer_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def login(
    client: APIClient,
    email: str,
    password: str = DEFAULT_PASSWORD,
    *,
    path: str = "/users/login",
    address: str = CLIENT_ADDRESS,
) -> HttpResponse:
    return client.post(path, {"email": email, "password": password}, format="json", REMOTE_ADDR=address)


def refresh(client: APIClient, refresh_token: str) -> HttpResponse:
    return client.post("/users/token/refresh", {"refreshToken": refresh_token}, format="json")


def rsvp_path(event) -> str:
    return f"/events/{event.pk}/rsvp"


def titles(client: APIClient, path: str = "/events", **params) -> list[str]:
    """The titles of one list page, in order."""
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return [event["title"] for event in response.json()["events"]]


# Authorization headers with bad tokens


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _valid_claims(user) -> dict:
    return dict(AccessToken.for_user(user).payload)


def expired_token(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=timedelta(seconds=-1))
    return f"Bearer {token}"


def wrongly_signed_token(user) -> str:
    return "Bearer " + jwt.encode(
        _valid_claims(user), "a-different-signing-key-of-sufficient-length", algorithm="HS256"
    )


def unsigned_token(user) -> str:
    return "Bearer " + _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(_valid_claims(user)) + "."


def refresh_as_access(user) -> str:
    return f"Bearer {RefreshToken.for_user(user)}"


# Throttles


class Clock:
    """The throttles' clock (``timer``): moved by hand, or ``tick`` seconds on each reading."""

    def __init__(self, now: float, tick: float = 0.0):
        self.now = now
        self.tick = tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


# 30 s into a clock minute: a test's requests never reach the next one.
MID_MINUTE = 1_800_000_030.0


def merge_throttle_rates(settings, **rates: str) -> None:
    """Change some DRF throttle rates (``auth``, ``anon``, ``user``; per minute) for one test."""
    rest_framework = settings.REST_FRAMEWORK
    merged = {**rest_framework["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = {**rest_framework, "DEFAULT_THROTTLE_RATES": merged}


def set_throttle_rates(settings, monkeypatch, **rates: str) -> None:
    """Lower some throttle rates for one test, with the throttles' clock in the middle of a minute.

    The throttles count per clock minute (``eventsite.api.throttling``): a test's requests must
    all fall in one window, or its count starts again half-way.
    """
    merge_throttle_rates(settings, **rates)
    monkeypatch.setattr(FixedWindowRateThrottle, "timer", Clock(MID_MINUTE, tick=0.001))


def start_in_a_fresh_minute(margin: float) -> None:
    """Wait for the next clock minute when this one ends within ``margin`` seconds.

    Only for tests that read the real clock, or whose throttles run in another process.
    """
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.05)


# Database statements, on either engine

# SQL names its tables after these keywords; the MongoDB backend joins with ``$lookup``.
SQL_TABLES = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"(\w+)"')
JOINED_COLLECTIONS = re.compile(r"'\$lookup': \{'from': '(\w+)'")
# What the MongoDB backend logs: ``db.<collection>.<operation>(<arguments>)``.
LOGGED_OPERATION = re.compile(r"db\.(?:(\w+)\.)?(\w+)\(")
READS = frozenset({"select", "aggregate", "find", "find_one", "count", "count_documents", "distinct"})
# Session and transaction fields of a command: not what it does.
COMMAND_ENVELOPE = frozenset(
    {
        "lsid",
        "txnNumber",
        "autocommit",
        "startTransaction",
        "cursor",
        "$db",
        "$readPreference",
        "$clusterTime",
    }
)

_mongo_server = None


@dataclass(frozen=True)
class Statement:
    """One statement sent to the database: SQL, or a MongoDB command."""

    operation: str  # SQL's first keyword, lowercased ("select"), or the MongoDB command ("aggregate")
    table: str | None  # the table (collection) it runs on
    joined: tuple[str, ...]  # the other tables it reads: SQL joins and subqueries, MongoDB $lookup
    text: str  # the SQL, or ``db.<collection>.<command>(<arguments>)``

    @property
    def is_read(self) -> bool:
        return self.operation in READS

    @property
    def is_count(self) -> bool:
        """A count of rows: SQL's ``COUNT(``; on MongoDB the backend's ``__count`` group or ``count``."""
        if self.operation in {"count", "count_documents"}:
            return True
        return "COUNT(" in self.text or "'__count'" in self.text

    def reads(self, *tables: str) -> bool:
        """A read of any of these tables (collections)."""
        return self.is_read and any(table in (self.table, *self.joined) for table in tables)


def watch_mongo_server(server) -> None:
    """Read MongoDB statements from this executing test server (None: not on one)."""
    global _mongo_server
    _mongo_server = server


@contextmanager
def database_statements() -> Iterator[list[Statement]]:
    """The statements the block sends to the database, filled in when the block ends.

    SQL: what Django's ``CaptureQueriesContext`` sees. MongoDB: the commands the executing
    test server received (from every connection), or on a real cluster, which cannot be
    watched, the operations the backend logs for this thread.
    """
    statements: list[Statement] = []
    if connection.vendor == "mongodb" and _mongo_server is not None:
        start = len(_mongo_server.sent())
        yield statements
        statements.extend(_sent_statement(command) for command in _mongo_server.sent()[start:])
        return
    with CaptureQueriesContext(connection) as captured:
        yield statements
    parse = _logged_statement if connection.vendor == "mongodb" else _sql_statement
    statements.extend(parse(query["sql"]) for query in captured)


def reads_of(statements: list[Statement], *tables: str) -> list[Statement]:
    return [statement for statement in statements if statement.reads(*tables)]


def _sql_statement(sql: str) -> Statement:
    tables = SQL_TABLES.findall(sql)
    return Statement(sql.split(None, 1)[0].lower(), tables[0] if tables else None, tuple(tables[1:]), sql)


def _logged_statement(text: str) -> Statement:
    logged = LOGGED_OPERATION.match(text)
    collection, operation = logged.groups() if logged else (None, text.split("(", 1)[0])
    return Statement(operation, collection, tuple(JOINED_COLLECTIONS.findall(text)), text)


def _sent_statement(command) -> Statement:
    arguments = {key: _plain(value) for key, value in command.doc.items() if key not in COMMAND_ENVELOPE}
    arguments.pop(command.name, None)
    target = f"{command.collection}." if command.collection else ""
    text = f"db.{target}{command.name}({arguments!r})"
    return Statement(command.name, command.collection, tuple(JOINED_COLLECTIONS.findall(text)), text)


def _plain(value):
    """BSON documents (SON, OrderedDict) as dicts, so that they print as the backend logs them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


# Other processes on the test database


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
    """``tests.events.features.rsvp_race``: ``attendees`` RSVP at once to an event of ``capacity``
    (each with an ``Idempotency-Key`` of its own when ``keyed``), on this test's database."""
    from tests.factories import EventFactory, UserFactory

    database_url = shared_database_url(mongo_server)
    if database_url is None:
        people = ["--create", attendees, capacity]
    else:
        event = EventFactory(capacity=capacity)
        people = [event.pk, *(user.pk for user in UserFactory.create_batch(attendees))]
    flags = ["--idempotency-keys"] if keyed else []
    return run_race("tests.events.features.rsvp_race", tmp_path, *flags, *people, database_url=database_url)


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
