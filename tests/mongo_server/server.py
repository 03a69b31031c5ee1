"""A MongoDB 7.0 replica-set primary for tests, executing what the real driver sends.

mockupdb speaks the wire protocol (OP_MSG in, OP_MSG out); every command is executed
on an in-memory mongomock-ng server (``tests.mongo_server.adapter`` fixes where it
differs from MongoDB) and answered with the replies, error codes, code names, labels
and messages MongoDB gives. Transactions follow MongoDB's rules where the tests rely on
them; ``README.md`` beside this file says what is and is not reproduced.

mockupdb handles one request at a time for all connections (its server loop holds
one lock), so command execution here is serial; a write that must wait for another
session's transaction releases that lock while it waits.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

import mongomock_ng
from mockupdb import MockupDB

from tests.mongo_server import adapter  # noqa: F401  (patches mongomock-ng)
from tests.mongo_server.catalog import CatalogCommands
from tests.mongo_server.documents import DocumentCommands
from tests.mongo_server.protocol import (
    BUILD_INFO,
    COMMAND_NOT_FOUND,
    HANDSHAKE_COMMANDS,
    MAX_TIME_MS_EXPIRED,
    TRANSIENT_TRANSACTION_ERROR,
    UNKNOWN_TRANSACTION_COMMIT_RESULT,
    WRITE_CONFLICT,
    CommandFailed,
    command_error,
    hello,
)
from tests.mongo_server.records import _WRITE_CONFLICT_MESSAGE, UNRECORDED, Command, Fault, Transaction, _run
from tests.mongo_server.transactions import TransactionCommands


class MongoServer(TransactionCommands, CatalogCommands, DocumentCommands):
    """Start with ``start()``; ``url`` is a ``mongodb://`` URL for pymongo and Django."""

    def __init__(self, *, seed: int = 0, transaction_lifetime_seconds: float = 60.0) -> None:
        """``transaction_lifetime_seconds``: an open transaction older than this is aborted, as
        MongoDB's ``transactionLifetimeLimitSeconds`` (60 by default) does, e.g. one whose
        commit answer the client never received and never retried."""
        self._lifetime = transaction_lifetime_seconds
        self._mock = MockupDB(request_timeout=int(1e6))
        self._client = mongomock_ng.MongoClient()
        self._random = random.Random(seed)
        self._faults: list[Fault] = []
        # Each session's latest transaction (MongoDB, too, keeps only the newest txnNumber).
        self._transactions: dict[bytes, Transaction] = {}
        self._owner: dict[tuple, Transaction] = {}
        self._committed_at: dict[tuple, int] = {}
        self._clock = 0
        self._recording = True
        self.commands: list[Command] = []
        # mockupdb's own lock is held while a command runs; waiting on it releases it.
        self._ended = threading.Condition(self._mock._lock)
        self._mock.autoresponds(self._respond)

    # Lifecycle and test controls

    def start(self) -> None:
        self._mock.run()

    def stop(self) -> None:
        self._mock.stop()

    @property
    def port(self) -> int:
        return self._mock.port

    def url(self, database: str) -> str:
        return f"mongodb://127.0.0.1:{self.port}/{database}?directConnection=true"

    def inject(
        self,
        command: str,
        collection: str | None = None,
        *,
        error: str = "WriteConflict",
        times: int | None = 1,
        rate: float | None = None,
        in_transaction: bool | None = None,
    ) -> Fault:
        """Answer ``command`` (on ``collection``, or any) with ``error`` instead of running it.

        ``error``: ``"WriteConflict"`` (code 112; in a transaction with the
        ``TransientTransactionError`` label, and the transaction is aborted, as the server
        does), ``"network"`` (the connection is dropped before the command runs) or, for
        ``commitTransaction``, ``"UnknownTransactionCommitResult"`` (the commit is not
        applied and the answer says its outcome is unknown). ``times`` answers that many
        matching commands; with ``rate`` each matching command fails with that probability
        (drawn from the server's seeded generator) until ``times`` is used up (None: no end).
        """
        if error not in {"WriteConflict", "network", "UnknownTransactionCommitResult"}:
            raise ValueError(f"unknown fault {error!r}")
        fault = Fault(command, collection, error, times, rate, in_transaction)
        with self._mock._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._mock._lock:
            self._faults.clear()

    def clear_commands(self) -> None:
        with self._mock._lock:
            self.commands.clear()

    def sent(self, name: str | None = None, collection: str | None = None) -> list[Command]:
        with self._mock._lock:
            return [c for c in self.commands if name in (None, c.name) and collection in (None, c.collection)]

    def open_transactions(self) -> list[Transaction]:
        with self._mock._lock:
            return [txn for txn in self._transactions.values() if txn.state == "open"]

    def collection(self, database: str, name: str):
        """The mongomock-ng collection behind ``database.name``, for a test to inspect."""
        return self._client[database][name]

    # Dispatch

    def _respond(self, request) -> bool:
        name = request.command_name
        if name in HANDSHAKE_COMMANDS:
            return request.replies(hello(self.port))
        if name in {"buildinfo", "buildInfo"}:
            return request.replies(BUILD_INFO)
        self._expire_transactions()
        doc = dict(request.doc)
        database = doc.get("$db", "admin")
        collection = doc[name] if isinstance(doc.get(name), str) else None
        if name not in UNRECORDED and self._recording:
            self.commands.append(Command(name, collection, doc, database))
        try:
            txn = self._transaction_for(doc)
            fault = self._fault_for(name, collection, txn)
            if fault is not None:
                return self._answer_fault(request, fault, txn, doc)
            reply = self._execute(name, collection, database, doc, txn)
        except CommandFailed as failure:
            return request.replies(failure.reply)
        return request.replies(reply)

    def _fault_for(self, name: str, collection: str | None, txn: Transaction | None) -> Fault | None:
        for fault in self._faults:
            if not fault.matches(name, collection, txn):
                continue
            if fault.rate is not None and self._random.random() >= fault.rate:
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
            return fault
        return None

    def _answer_fault(self, request, fault: Fault, txn: Transaction | None, doc: dict) -> bool:
        if fault.kind == "network":
            return request.hangup()
        if fault.kind == "UnknownTransactionCommitResult":
            return request.replies(
                command_error(
                    MAX_TIME_MS_EXPIRED,
                    "operation exceeded time limit",
                    labels=(UNKNOWN_TRANSACTION_COMMIT_RESULT,),
                )
            )
        if txn is not None:
            self._abort(txn)
            return request.replies(
                command_error(WRITE_CONFLICT, _WRITE_CONFLICT_MESSAGE, labels=(TRANSIENT_TRANSACTION_ERROR,))
            )
        return request.replies(command_error(WRITE_CONFLICT, _WRITE_CONFLICT_MESSAGE))

    def _execute(self, name, collection, database, doc, txn) -> dict:
        handler: Callable | None = getattr(self, f"_cmd_{name}", None)
        if handler is None:
            raise CommandFailed(COMMAND_NOT_FOUND, f"no such command: '{name}'")
        try:
            return _run(handler, database, collection, doc, txn)
        except CommandFailed:
            if txn is not None and name not in {"commitTransaction", "abortTransaction"}:
                # Any failed statement aborts the transaction on the server.
                self._abort(txn)
            raise
