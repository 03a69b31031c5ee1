"""A MongoDB 7.0 stand-in on the wire, and the pytest plugin that points Django at it.

Django reads its settings once per process, before any conftest is loaded, so the
wire tests run as their own pytest process: ``python -m pytest -p tests.mongo.wire
tests/mongo``. The plugin starts the server and sets ``DATABASE_URL`` to it before
pytest-django imports the settings, so the real settings module selects
django-mongodb-backend exactly as it does in production.

The server answers the handshake as a replica-set primary running MongoDB 7.0
(transactions need a replica set; Atlas is one), records every command the real
pymongo driver sends, and answers reads with stored-form documents that a test
queued for that collection (an empty result otherwise).
"""

from __future__ import annotations

import os
from collections import defaultdict, deque
from dataclasses import dataclass

import pytest
from bson import Int64
from mockupdb import MockupDB

from tests.mongo_server.protocol import BUILD_INFO, HANDSHAKE_COMMANDS, hello

DATABASE_NAME = "eventsite_wire"
CURSOR_COMMANDS = {"aggregate", "find", "listCollections", "listIndexes"}
UNRECORDED_COMMANDS = HANDSHAKE_COMMANDS | {"buildinfo", "buildInfo", "endSessions", "ping"}


@dataclass(frozen=True)
class Command:
    """One command as the server received it: ``name`` on ``collection`` with its document."""

    name: str
    collection: str | None
    doc: dict


class WireServer:
    def __init__(self) -> None:
        self._mock = MockupDB(request_timeout=int(1e6))
        self._answers: dict[tuple[str, str], deque[list[dict]]] = defaultdict(deque)
        self._failures: dict[tuple[str, str], dict] = {}
        self._hang_ups: dict[tuple[str, str], int] = {}
        self._refusals: dict[tuple[str, str | None], deque[dict]] = defaultdict(deque)
        self._counts: dict[tuple[str, str], deque[int]] = defaultdict(deque)
        self.commands: list[Command] = []
        self._mock.autoresponds(self._respond)

    def start(self) -> None:
        self._mock.run()

    def stop(self) -> None:
        self._mock.stop()

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self._mock.port}/{DATABASE_NAME}?directConnection=true"

    def reset(self) -> None:
        self.commands.clear()
        self._answers.clear()
        self._failures.clear()
        self._hang_ups.clear()
        self._refusals.clear()
        self._counts.clear()

    def answer(self, collection: str, *batches: list[dict], command: str = "aggregate") -> None:
        """Queue the documents the next ``command``s on ``collection`` return, one batch each."""
        self._answers[command, collection].extend(batches)

    def count(self, command: str, collection: str, *numbers: int) -> None:
        """Queue how many documents the next ``command``s (update, delete) on ``collection`` affect."""
        self._counts[command, collection].extend(numbers)

    def fail_next(self, command: str, collection: str, *, code: int, errmsg: str) -> None:
        """Answer the next ``command`` on ``collection`` with a write error (e.g. 11000, duplicate key)."""
        self._failures[command, collection] = {"index": 0, "code": code, "errmsg": errmsg}

    def refuse(
        self,
        command: str,
        collection: str | None,
        *,
        code: int,
        code_name: str,
        labels: tuple[str, ...] = (),
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` such commands with a command error (``ok: 0``) carrying
        ``labels``, as MongoDB answers a write conflict in a transaction (112, WriteConflict,
        ``TransientTransactionError``)."""
        error = {"ok": 0, "errmsg": code_name, "code": code, "codeName": code_name}
        if labels:
            error["errorLabels"] = list(labels)
        self._refusals[command, collection].extend([error] * times)

    def hang_up(self, command: str, collection: str, *, times: int) -> None:
        """Drop the connection on the next ``times`` such commands, as a dying cluster does."""
        self._hang_ups[command, collection] = times

    def sent(self, name: str, collection: str | None = None) -> list[Command]:
        return [c for c in self.commands if c.name == name and collection in (None, c.collection)]

    def writes(self) -> list[Command]:
        return [c for c in self.commands if c.name in {"insert", "update", "delete", "findAndModify"}]

    def _respond(self, request) -> bool:
        name = request.command_name
        if name in HANDSHAKE_COMMANDS:
            return request.replies(hello(self._mock.port))
        if name in {"buildinfo", "buildInfo"}:
            return request.replies(BUILD_INFO)
        doc = dict(request.doc)
        collection = doc[name] if isinstance(doc.get(name), str) else None
        if name not in UNRECORDED_COMMANDS:
            self.commands.append(Command(name, collection, doc))
        if self._hang_ups.get((name, collection)):
            self._hang_ups[name, collection] -= 1
            return request.hangup()
        if refusals := self._refusals.get((name, collection)):
            return request.replies(refusals.popleft())
        return request.replies(self._reply(name, collection, doc))

    def _reply(self, name: str, collection: str | None, doc: dict) -> dict:
        if name in CURSOR_COMMANDS:
            queued = self._answers.get((name, collection))
            batch = queued.popleft() if queued else []
            namespace = f"{DATABASE_NAME}.{collection or '$cmd'}"
            return {"cursor": {"id": Int64(0), "ns": namespace, "firstBatch": batch}}
        if failure := self._failures.pop((name, collection), None):
            return {"n": 0, "writeErrors": [failure]}
        if name == "insert":
            return {"n": len(doc["documents"])}
        if name in {"update", "delete"}:
            queued = self._counts.get((name, collection))
            n = queued.popleft() if queued else len(doc[f"{name}s"])
            return {"n": n, "nModified": n} if name == "update" else {"n": n}
        return {}


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """Start the server before pytest-django (a plain hook here) configures Django."""
    server = WireServer()
    server.start()
    os.environ["DATABASE_URL"] = server.url
    os.environ.pop("DATABASE_OFFLINE", None)
    early_config.stash[wire_server_key] = server
    early_config.add_cleanup(server.stop)
    return (yield)


wire_server_key = pytest.StashKey[WireServer]()
