"""Databases, collections and indexes of the test server."""

from __future__ import annotations

import mongomock_ng
from bson import SON
from mongomock_ng.filtering import filter_applies

from tests.mongo_server.protocol import (
    DUPLICATE_KEY,
    INDEX_NOT_FOUND,
    NAMESPACE_EXISTS,
    NAMESPACE_NOT_FOUND,
    OPERATION_FAILED,
    CommandFailed,
)
from tests.mongo_server.records import _cursor, _duplicate_message, _key_value


class CatalogCommands:
    """``MongoServer``'s commands on databases, collections and indexes."""

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
