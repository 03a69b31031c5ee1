"""Writes and reads of documents on the test server."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import mongomock_ng
from mongomock_ng.filtering import filter_applies

from tests.mongo_server.protocol import (
    COMMAND_NOT_FOUND,
    DUPLICATE_KEY,
    FAILED_TO_PARSE,
    OPERATION_FAILED,
    WRITE_CONFLICT,
    CommandFailed,
    WriteFailed,
)
from tests.mongo_server.records import (
    _WRITE_CONFLICT_MESSAGE,
    BLOCKED_WRITE_WAIT_SECONDS,
    _copy,
    _cursor,
    _doc_key,
    _duplicate_message,
    _index_name,
    _is_replacement,
    _key_value,
    _labels,
    _sort_key,
)


class DocumentCommands:
    """``MongoServer``'s insert, update, delete, findAndModify, aggregate, find and count."""

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
