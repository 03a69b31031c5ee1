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

import contextlib
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import bson
import mongomock_ng
from bson import SON, Int64
from mockupdb import MockupDB
from mongomock_ng.filtering import filter_applies
from mongomock_ng.helpers import NOTHING

from tests.mongo_server import adapter  # noqa: F401  (patches mongomock-ng)
from tests.mongo_server.protocol import (
    BAD_VALUE,
    BUILD_INFO,
    COMMAND_NOT_FOUND,
    DUPLICATE_KEY,
    FAILED_TO_PARSE,
    HANDSHAKE_COMMANDS,
    INDEX_NOT_FOUND,
    INTERNAL_ERROR,
    MAX_TIME_MS_EXPIRED,
    NAMESPACE_EXISTS,
    NAMESPACE_NOT_FOUND,
    NO_SUCH_TRANSACTION,
    OPERATION_FAILED,
    TRANSACTION_COMMITTED,
    TRANSIENT_TRANSACTION_ERROR,
    UNKNOWN_TRANSACTION_COMMIT_RESULT,
    WRITE_CONFLICT,
    CommandFailed,
    WriteFailed,
    command_error,
    hello,
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


class MongoServer:
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

    # Sessions and transactions

    def _transaction_for(self, doc: dict) -> Transaction | None:
        """The transaction this command belongs to; None for a command outside one.

        A retryable write also carries ``txnNumber``; only ``autocommit: false`` makes a
        transaction, started by the statement with ``startTransaction: true``. A higher
        ``txnNumber`` on a session (a new transaction or a retryable write) aborts the
        session's open transaction, as MongoDB does.
        """
        if "txnNumber" not in doc or "lsid" not in doc:
            return None
        session = bytes(doc["lsid"]["id"])
        number = int(doc["txnNumber"])
        latest = self._transactions.get(session)
        if latest is not None and latest.number < number:
            self._abort(latest)
        if doc.get("autocommit") is not False:
            return None
        if doc.get("startTransaction"):
            txn = Transaction(session=session, number=number, started_at=self._clock)
            self._transactions[session] = txn
            return txn
        txn = latest if latest is not None and latest.number == number else None
        name = next(iter(doc))
        if txn is None:
            raise CommandFailed(
                NO_SUCH_TRANSACTION,
                f"Transaction with {{ txnNumber: {number} }} has been aborted.",
                labels=(TRANSIENT_TRANSACTION_ERROR,),
            )
        if txn.state == "aborted" and name != "abortTransaction":
            raise CommandFailed(
                NO_SUCH_TRANSACTION,
                f"Transaction with {txn.label} has been aborted.",
                labels=(TRANSIENT_TRANSACTION_ERROR,),
            )
        return txn

    def _cmd_commitTransaction(self, database, collection, doc, txn):
        if txn is None:
            raise CommandFailed(BAD_VALUE, "commitTransaction must be run within a transaction")
        if txn.state == "open":
            self._clock += 1
            for key in txn.before:
                self._committed_at[key] = self._clock
                self._owner.pop(key, None)
            txn.state = "committed"
            self._ended.notify_all()
        return {"ok": 1}

    def _cmd_abortTransaction(self, database, collection, doc, txn):
        if txn is None:
            raise CommandFailed(BAD_VALUE, "abortTransaction must be run within a transaction")
        if txn.state == "committed":
            raise CommandFailed(TRANSACTION_COMMITTED, f"Transaction with {txn.label} has been committed.")
        self._abort(txn)
        return {"ok": 1}

    def _cmd_endSessions(self, database, collection, doc, txn):
        ended = {bytes(lsid["id"]) for lsid in doc.get("endSessions", [])}
        for other in list(self._transactions.values()):
            if other.session in ended and other.state == "open":
                self._abort(other)
        return {"ok": 1}

    def _abort(self, txn: Transaction) -> None:
        """Undo this transaction's own writes, document by document."""
        if txn.state != "open":
            return
        for (database, collection, _id), before in txn.before.items():
            store = self._client[database][collection]._store
            document_id = before["_id"] if before is not None else _id
            if document_id in store:
                del store[document_id]
            if before is not None:
                store[document_id] = before
            self._owner.pop((database, collection, _id), None)
        txn.state = "aborted"
        self._ended.notify_all()

    def _claim(
        self,
        database: str,
        collection: str,
        find: Callable[[], Iterable[dict]],
        txn,
        *,
        inserting: bool = False,
    ) -> list[dict]:
        """Take the documents ``find`` gives, which a write is about to change, or fail as MongoDB would.

        In a transaction: a document another open transaction wrote, or one committed
        since this transaction's snapshot, is a ``WriteConflict``. Outside one: the write
        waits until the transaction holding the document ends, then matches again (the
        committed version may no longer match, or others may).
        """
        deadline = time.monotonic() + BLOCKED_WRITE_WAIT_SECONDS
        while True:
            documents = list(find())
            keys = [_doc_key(database, collection, d["_id"]) for d in documents]
            held = [key for key in keys if self._owner.get(key) not in (None, txn)]
            if txn is not None:
                stale = [key for key in keys if self._committed_at.get(key, -1) > txn.started_at]
                if held or stale:
                    raise CommandFailed(
                        WRITE_CONFLICT, _WRITE_CONFLICT_MESSAGE, labels=(TRANSIENT_TRANSACTION_ERROR,)
                    )
                break
            if not held:
                break
            self._wait(deadline)
        for key, document in zip(keys, documents, strict=True):
            self._touch(key, None if inserting else document, txn)
        return documents

    def _wait(self, deadline: float) -> None:
        """Wait for a transaction to end (releasing the server's lock), or give up at ``deadline``."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise CommandFailed(MAX_TIME_MS_EXPIRED, "operation exceeded time limit")
        self._ended.wait(min(left, self._next_expiry()))
        self._expire_transactions()

    def _next_expiry(self) -> float:
        """Seconds until the oldest open transaction outlives its lifetime."""
        born = [txn.born for txn in self._transactions.values() if txn.state == "open"]
        return max(0.0, min(born) + self._lifetime - time.monotonic()) if born else self._lifetime

    def _expire_transactions(self) -> None:
        limit = time.monotonic() - self._lifetime
        for txn in list(self._transactions.values()):
            if txn.state == "open" and txn.born < limit:
                self._abort(txn)

    def _touch(self, key: tuple, before: dict | None, txn) -> None:
        if txn is None:
            self._clock += 1
            self._committed_at[key] = self._clock
            return
        if key not in txn.before:
            txn.before[key] = None if before is None else _copy(before)
            self._owner[key] = txn

    # The committed view: what a session may see of others' open transactions

    def _others_writes(self, txn) -> list[tuple[tuple, Transaction]]:
        return [(key, owner) for key, owner in self._owner.items() if owner is not txn]

    def _visible(self, database: str, collection: str, txn) -> list[dict]:
        """The collection's documents as ``txn`` (or a session outside any) sees them."""
        store = self._client[database][collection]._store
        hidden = {key: owner for key, owner in self._others_writes(txn) if key[:2] == (database, collection)}
        if not hidden:
            return list(store.documents)
        seen = []
        for document in store.documents:
            key = _doc_key(database, collection, document["_id"])
            if key in hidden:
                before = hidden.pop(key).before[key]
                if before is not None:
                    seen.append(before)
            else:
                seen.append(document)
        seen.extend(owner.before[key] for key, owner in hidden.items() if owner.before[key] is not None)
        return seen

    def _read(self, txn, run: Callable[[], list]) -> list:
        """Run a read with others' uncommitted writes swapped out of the store."""
        swapped = []
        for key, owner in self._others_writes(txn):
            database, collection, _id = key
            store = self._client[database][collection]._store
            before = owner.before[key]
            document_id = before["_id"] if before is not None else _id
            current = store[document_id] if document_id in store else None  # noqa: SIM401 (no .get)
            if current is not None:
                del store[document_id]
            if before is not None:
                store[document_id] = before
            swapped.append((store, document_id, current))
        try:
            return run()
        finally:
            for store, document_id, current in reversed(swapped):
                if document_id in store:
                    del store[document_id]
                if current is not None:
                    store[document_id] = current

    # Collections and indexes

    def _cmd_ping(self, database, collection, doc, txn):
        return {"ok": 1}

    def _cmd_killCursors(self, database, collection, doc, txn):
        return {"cursorsKilled": [], "cursorsNotFound": doc.get("cursors", []), "ok": 1}

    def _cmd_listDatabases(self, database, collection, doc, txn):
        names = self._client.list_database_names()
        return {"databases": [{"name": name, "sizeOnDisk": 0, "empty": False} for name in names], "ok": 1}

    def _cmd_dropDatabase(self, database, collection, doc, txn):
        self._client.drop_database(database)
        return {"ok": 1, "dropped": database}

    def _cmd_listCollections(self, database, collection, doc, txn):
        names = self._client[database].list_collection_names()
        infos = [
            {"name": name, "type": "collection", "options": {}, "info": {"readOnly": False}} for name in names
        ]
        wanted = doc.get("filter") or {}
        infos = [info for info in infos if filter_applies(wanted, info)]
        if doc.get("nameOnly"):
            infos = [{"name": info["name"], "type": "collection"} for info in infos]
        return _cursor(database, "$cmd.listCollections", infos)

    def _cmd_create(self, database, collection, doc, txn):
        if collection in self._client[database].list_collection_names():
            raise CommandFailed(NAMESPACE_EXISTS, f"Collection {database}.{collection} already exists.")
        self._client[database].create_collection(collection)
        return {"ok": 1}

    def _cmd_drop(self, database, collection, doc, txn):
        if collection not in self._client[database].list_collection_names():
            raise CommandFailed(NAMESPACE_NOT_FOUND, "ns not found")
        indexes = len(self._client[database][collection].index_information())
        self._client[database].drop_collection(collection)
        return {"nIndexesWas": indexes, "ns": f"{database}.{collection}", "ok": 1}

    def _cmd_createIndexes(self, database, collection, doc, txn):
        target = self._client[database][collection]
        created = not self._exists(database, collection)
        # A collection created here has its _id index before the build starts.
        before = 1 if created else len(target.index_information())
        for spec in doc["indexes"]:
            options = {k: v for k, v in spec.items() if k not in {"key", "v"}}
            try:
                target.create_index(list(spec["key"].items()), **options)
            except mongomock_ng.DuplicateKeyError as exc:
                value = _key_value(exc.details or {})
                message = _duplicate_message(database, collection, spec["name"], value)
                raise CommandFailed(
                    DUPLICATE_KEY,
                    f"Index build failed: Collection {database}.{collection} :: caused by :: {message}",
                    keyPattern=dict(spec["key"]),
                    keyValue=value,
                ) from None
            except mongomock_ng.OperationFailure as exc:
                raise CommandFailed(OPERATION_FAILED, str(exc)) from None
        return {
            "createdCollectionAutomatically": created,
            "numIndexesBefore": before,
            "numIndexesAfter": len(target.index_information()),
            "ok": 1,
        }

    def _cmd_dropIndexes(self, database, collection, doc, txn):
        target = self._client[database][collection]
        existing = list(target.index_information())
        wanted = doc["index"]
        if wanted == "*":
            names = [name for name in existing if name != "_id_"]
        else:
            names = wanted if isinstance(wanted, list) else [wanted]
        for name in names:
            if name not in existing:
                raise CommandFailed(INDEX_NOT_FOUND, f"index not found with name [{name}]")
        for name in names:
            target.drop_index(name)
        return {"nIndexesWas": len(existing), "ok": 1}

    def _cmd_listIndexes(self, database, collection, doc, txn):
        if not self._exists(database, collection):
            raise CommandFailed(NAMESPACE_NOT_FOUND, f"ns does not exist: {database}.{collection}")
        return _cursor(database, collection, self.indexes(database, collection))

    def indexes(self, database: str, collection: str) -> list[dict]:
        """The collection's indexes as ``listIndexes`` reports them."""
        indexes = []
        for name, info in self._client[database][collection].index_information().items():
            entry = {"v": 2, "key": SON(info["key"]), "name": name}
            for option in ("unique", "sparse", "partialFilterExpression", "expireAfterSeconds"):
                if option in info:
                    entry[option] = info[option]
            indexes.append(entry)
        return indexes

    def _exists(self, database: str, collection: str) -> bool:
        return collection in self._client[database].list_collection_names()

    # Writes

    def _cmd_insert(self, database, collection, doc, txn):
        target = self._client[database][collection]
        inserted, errors = 0, []
        for index, document in enumerate(doc.get("documents", [])):
            try:
                self._insert_one(database, collection, target, document, txn)
                inserted += 1
            except WriteFailed as failure:
                errors.append({"index": index, **failure.error})
                if doc.get("ordered", True):
                    break
        return self._write_reply(txn, {"n": inserted}, errors)

    def _insert_one(self, database: str, collection: str, target, document: dict, txn) -> None:
        """Insert ``document``; outside a transaction, a key an open transaction wrote waits for it."""
        key = _doc_key(database, collection, document["_id"])
        claimed_before = txn is not None and key in txn.before
        deadline = time.monotonic() + BLOCKED_WRITE_WAIT_SECONDS
        while True:
            self._claim(database, collection, lambda: [document], txn, inserting=True)
            try:
                target.insert_one(_copy(document))
                return
            except mongomock_ng.DuplicateKeyError as exc:
                failure = self._duplicate(database, collection, target, exc.details or {}, txn)
            if txn is None and isinstance(failure, CommandFailed):
                self._wait(deadline)
                continue
            if txn is not None and not claimed_before:
                # The claim recorded an absent document; nothing was written.
                txn.before.pop(key, None)
                self._owner.pop(key, None)
            raise failure

    def _duplicate(self, database: str, collection: str, target, details: dict, txn) -> Exception:
        """E11000 as the server words it, or WriteConflict when an open transaction holds the key."""
        pattern = details.get("keyPattern") or {"_id": 1}
        value = _key_value(details)
        for key, owner in self._owner.items():
            if owner is txn or key[:2] != (database, collection):
                continue
            holder = target.find_one({"_id": key[2]})
            if holder is not None and all(holder.get(f) == v for f, v in value.items()):
                return CommandFailed(WRITE_CONFLICT, _WRITE_CONFLICT_MESSAGE, labels=_labels(txn))
        message = _duplicate_message(database, collection, _index_name(target, pattern), value)
        return WriteFailed(DUPLICATE_KEY, message, keyPattern=dict(pattern), keyValue=value)

    def _cmd_update(self, database, collection, doc, txn):
        target = self._client[database][collection]
        matched = modified = 0
        upserted, errors = [], []
        for index, statement in enumerate(doc.get("updates", [])):
            try:
                n, m, new_id = self._update_one_statement(database, collection, target, statement, txn)
            except WriteFailed as failure:
                errors.append({"index": index, **failure.error})
                if doc.get("ordered", True):
                    break
                continue
            matched += n
            modified += m
            if new_id is not None:
                upserted.append({"index": index, "_id": new_id})
        reply = {"n": matched + len(upserted), "nModified": modified}
        if upserted:
            reply["upserted"] = upserted
        return self._write_reply(txn, reply, errors)

    def _update_one_statement(self, database, collection, target, statement, txn):
        query = statement.get("q", {})
        limit = None if statement.get("multi") else 1
        matches = self._claim(
            database, collection, self._matcher(database, collection, query, txn, limit), txn
        )
        array_filters = statement.get("arrayFilters")
        if not matches:
            if not statement.get("upsert"):
                return 0, 0, None
            new_id = self._upsert(database, collection, target, query, statement["u"], txn, array_filters)
            return 0, 0, new_id
        ids = [document["_id"] for document in matches]
        result = self._apply(database, collection, target, ids, statement["u"], txn, array_filters)
        return result["n"], result["nModified"], None

    def _apply(self, database, collection, target, ids: list, update, txn, array_filters=None) -> dict:
        """Apply ``update`` to the claimed documents ``ids``."""
        with self._write_errors(database, collection, target, txn):
            if _is_replacement(update):
                # mongomock-ng would take the replacement's _id from the query.
                (_id,) = ids
                return target._update({"_id": _id}, update)
            return target._update({"_id": {"$in": ids}}, update, multi=True, array_filters=array_filters)

    def _upsert(self, database, collection, target, query: dict, update, txn, array_filters=None):
        """Insert the document an upsert that matched nothing makes; its ``_id``, owned by ``txn``."""
        with self._write_errors(database, collection, target, txn):
            result = target._update(query, update, upsert=True, array_filters=array_filters)
        new_id = result["upserted"]
        self._touch(_doc_key(database, collection, new_id), None, txn)
        return new_id

    @contextlib.contextmanager
    def _write_errors(self, database, collection, target, txn):
        """mongomock-ng's errors for an update statement, as MongoDB words them."""
        try:
            yield
        except mongomock_ng.DuplicateKeyError as exc:
            raise self._duplicate(database, collection, target, exc.details or {}, txn) from None
        except mongomock_ng.WriteError as exc:
            raise WriteFailed(exc.code or FAILED_TO_PARSE, str(exc)) from None
        except ValueError as exc:
            raise WriteFailed(FAILED_TO_PARSE, str(exc)) from None

    def _cmd_delete(self, database, collection, doc, txn):
        target = self._client[database][collection]
        deleted = 0
        for statement in doc.get("deletes", []):
            query = statement.get("q", {})
            limit = 1 if statement.get("limit", 0) == 1 else None
            matches = self._claim(
                database, collection, self._matcher(database, collection, query, txn, limit), txn
            )
            if matches:
                deleted += target.delete_many({"_id": {"$in": [d["_id"] for d in matches]}}).deleted_count
        return self._write_reply(txn, {"n": deleted}, [])

    def _cmd_findAndModify(self, database, collection, doc, txn):
        target = self._client[database][collection]
        query, fields = doc.get("query") or {}, doc.get("fields")
        matcher = self._matcher(database, collection, query, txn, 1, sort=doc.get("sort"))
        found = self._claim(database, collection, matcher, txn)
        before = target.find_one({"_id": found[0]["_id"]}, projection=fields) if found else None
        if doc.get("remove"):
            if found:
                target.delete_one({"_id": found[0]["_id"]})
            return {"lastErrorObject": {"n": len(found)}, "value": before, "ok": 1}
        try:
            if found:
                _id = found[0]["_id"]
                self._apply(database, collection, target, [_id], doc["update"], txn, doc.get("arrayFilters"))
                status = {"n": 1, "updatedExisting": True}
            elif doc.get("upsert"):
                _id = self._upsert(
                    database, collection, target, query, doc["update"], txn, doc.get("arrayFilters")
                )
                status = {"n": 1, "updatedExisting": False, "upserted": _id}
            else:
                return {"lastErrorObject": {"n": 0, "updatedExisting": False}, "value": None, "ok": 1}
        except WriteFailed as failure:
            # findAndModify answers a failed write as a failed command.
            error = dict(failure.error)
            raise CommandFailed(error.pop("code"), error.pop("errmsg"), **error) from None
        value = target.find_one({"_id": _id}, projection=fields) if doc.get("new") else before
        return {"lastErrorObject": status, "value": value, "ok": 1}

    def _write_reply(self, txn, reply: dict, errors: list[dict]) -> dict:
        if errors:
            reply["writeErrors"] = errors
            if txn is not None:
                # A write error aborts the transaction on the server.
                self._abort(txn)
        return {**reply, "ok": 1}

    def _matcher(self, database, collection, query, txn, limit=None, sort=None) -> Callable[[], list[dict]]:
        """For ``_claim``: the first ``limit`` documents ``query`` matches, each time it asks."""
        return lambda: self._matching(database, collection, query, txn, sort=sort)[:limit]

    def _matching(self, database: str, collection: str, query: dict, txn, sort=None) -> list[dict]:
        documents = [d for d in self._visible(database, collection, txn) if filter_applies(query, d)]
        if sort:
            for field_name, direction in reversed(list(sort.items())):
                documents.sort(key=lambda d, f=field_name: _sort_key(d.get(f)), reverse=direction < 0)
        return documents

    # Reads

    def _cmd_aggregate(self, database, collection, doc, txn):
        if collection is None:
            raise CommandFailed(COMMAND_NOT_FOUND, "database-level aggregate is not supported here")
        target = self._client[database][collection]
        try:
            documents = self._read(txn, lambda: list(target.aggregate(doc["pipeline"])))
        except mongomock_ng.OperationFailure as exc:
            raise CommandFailed(exc.code or OPERATION_FAILED, str(exc)) from None
        return _cursor(database, collection, documents)

    def _cmd_find(self, database, collection, doc, txn):
        target = self._client[database][collection]

        def run():
            cursor = target.find(doc.get("filter", {}), projection=doc.get("projection"))
            if doc.get("sort"):
                cursor = cursor.sort(list(doc["sort"].items()))
            if doc.get("skip"):
                cursor = cursor.skip(doc["skip"])
            if doc.get("limit"):
                cursor = cursor.limit(abs(doc["limit"]))
            return list(cursor)

        return _cursor(database, collection, self._read(txn, run))

    def _cmd_count(self, database, collection, doc, txn):
        target = self._client[database][collection]
        n = self._read(txn, lambda: [target.count_documents(doc.get("query") or {})])[0]
        return {"n": n, "ok": 1}


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
