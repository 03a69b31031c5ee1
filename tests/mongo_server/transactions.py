"""Sessions and transactions of the test server, and what a session may see of others' writes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from tests.mongo_server.protocol import (
    BAD_VALUE,
    MAX_TIME_MS_EXPIRED,
    NO_SUCH_TRANSACTION,
    TRANSACTION_COMMITTED,
    TRANSIENT_TRANSACTION_ERROR,
    WRITE_CONFLICT,
    CommandFailed,
)
from tests.mongo_server.records import (
    _WRITE_CONFLICT_MESSAGE,
    BLOCKED_WRITE_WAIT_SECONDS,
    Transaction,
    _copy,
    _doc_key,
)


class TransactionCommands:
    """``MongoServer``'s transaction commands, claims on documents and the committed view."""

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
