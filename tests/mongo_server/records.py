"""What the test server keeps: the commands it was sent, injected faults, open transactions,
and the helpers its command handlers share."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import bson
import mongomock_ng
from bson import Int64
from mongomock_ng.helpers import NOTHING

from tests.mongo_server.protocol import (
    BAD_VALUE,
    HANDSHAKE_COMMANDS,
    INTERNAL_ERROR,
    TRANSIENT_TRANSACTION_ERROR,
    CommandFailed,
)

UNRECORDED = HANDSHAKE_COMMANDS | {"buildinfo", "buildInfo", "endSessions", "ping", "killCursors"}
WRITE_COMMANDS = frozenset({"insert", "update", "delete", "findAndModify"})
# How long a write outside a transaction waits for a transaction holding its document,
# as MongoDB makes it wait (then it gives up, as MongoDB does after maxTimeMS).
BLOCKED_WRITE_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class Command:
    """One command as the server received it: ``name`` on ``collection`` with its document."""

    name: str
    collection: str | None
    doc: dict
    database: str


@dataclass
class Fault:
    """An answer to inject instead of executing a command (see ``MongoServer.inject``)."""

    command: str
    collection: str | None
    kind: str  # "WriteConflict", "network", or "UnknownTransactionCommitResult"
    times: int | None
    rate: float | None
    in_transaction: bool | None

    def matches(self, name: str, collection: str | None, txn: Transaction | None) -> bool:
        if self.command != name or self.collection not in (None, collection):
            return False
        return self.in_transaction is None or self.in_transaction == (txn is not None)


@dataclass(eq=False)
class Transaction:
    """One ``(lsid, txnNumber)``: its writes stand in the store, undoable, owned by it."""

    session: bytes
    number: int
    started_at: int  # the commit clock when its first statement ran
    state: str = "open"  # open, committed, aborted
    born: float = field(default_factory=time.monotonic)
    # (database, collection, _id) -> the document before this transaction wrote it (None: absent)
    before: dict[tuple, dict | None] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{{ txnNumber: {self.number} }}"


def _doc_key(database: str, collection: str, _id) -> tuple:
    try:
        hash(_id)
        return database, collection, _id
    except TypeError:
        return database, collection, bson.encode({"_id": _id})


_WRITE_CONFLICT_MESSAGE = (
    "Caused by :: Write conflict during plan execution and yielding is disabled. :: "
    "Please retry your operation or multi-document transaction."
)


def _run(handler: Callable, *args) -> dict:
    """Run a command handler; anything mongomock-ng raises is answered, never left to hang the driver."""
    try:
        return handler(*args)
    except CommandFailed:
        raise
    except mongomock_ng.OperationFailure as exc:
        raise CommandFailed(exc.code or BAD_VALUE, str(exc)) from None
    except Exception as exc:
        raise CommandFailed(INTERNAL_ERROR, f"test server: {type(exc).__name__}: {exc}") from None


def _labels(txn) -> tuple[str, ...]:
    return (TRANSIENT_TRANSACTION_ERROR,) if txn is not None else ()


def _cursor(database: str, collection: str, documents: list) -> dict:
    return {"cursor": {"id": Int64(0), "ns": f"{database}.{collection}", "firstBatch": documents}, "ok": 1}


def _copy(document: dict) -> dict:
    return bson.decode(bson.encode(document))


def _is_replacement(update) -> bool:
    return isinstance(update, dict) and not any(key.startswith("$") for key in update)


def _key_value(details: dict) -> dict:
    """The duplicate key's fields; a missing field is null, as in the index."""
    return {f: None if v is NOTHING else v for f, v in (details.get("keyValue") or {}).items()}


def _duplicate_message(database: str, collection: str, index: str, value: dict) -> str:
    shown = ", ".join(f"{f}: {_show(v)}" for f, v in value.items())
    namespace = f"{database}.{collection}"
    return f"E11000 duplicate key error collection: {namespace} index: {index} dup key: {{ {shown} }}"


def _index_name(target, pattern: dict) -> str:
    wanted = list(pattern.items())
    for name, info in target.index_information().items():
        if [(k, v) for k, v in info["key"]] == wanted:
            return name
    return "_id_"


def _show(value) -> str:
    if isinstance(value, str):
        return '"' + re.sub(r'(["\\])', r"\\\1", value) + '"'
    if value is None:
        return "null"
    return repr(value)


def _sort_key(value):
    return (value is not None, str(type(value)), value if value is not None else 0)
