"""The executing test server answers the real driver as a MongoDB 7.0 replica-set primary does.

Every test talks to ``MongoServer`` through pymongo's ``MongoClient``: duplicate keys and
findAndModify here; transactions, injected faults, and the collection and index commands in
``test_server_transactions.py``, ``test_server_faults.py`` and ``test_server_catalog.py``.
"""

import time

import pytest
from pymongo import MongoClient, ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError

from tests.mongo_server.server import MongoServer

# Duplicate keys


def test_a_duplicate_on_a_unique_index_is_error_11000_worded_as_mongodb_words_it(database):
    database.users.create_index("email", unique=True)
    database.users.insert_one({"email": "a@x.org"})

    with pytest.raises(DuplicateKeyError) as raised:
        database.users.insert_one({"email": "a@x.org"})

    error = raised.value.details
    assert raised.value.code == 11000
    assert error["errmsg"] == (
        f"E11000 duplicate key error collection: {database.name}.users index: email_1"
        ' dup key: { email: "a@x.org" }'
    )
    assert error["keyPattern"] == {"email": 1}
    assert error["keyValue"] == {"email": "a@x.org"}
    assert database.users.count_documents({}) == 1


def test_a_duplicate_id_names_the_id_index(database):
    database.users.insert_one({"_id": 7})

    with pytest.raises(DuplicateKeyError) as raised:
        database.users.insert_one({"_id": 7})

    assert raised.value.details["errmsg"] == (
        f"E11000 duplicate key error collection: {database.name}.users index: _id_ dup key: {{ _id: 7 }}"
    )


def test_an_ordered_insert_many_stops_at_the_duplicate_with_a_bulk_write_error(database):
    database.users.create_index("email", unique=True)
    documents = [{"_id": 1, "email": "a@x.org"}, {"_id": 2, "email": "a@x.org"}, {"_id": 3, "email": "c"}]

    with pytest.raises(BulkWriteError) as raised:
        database.users.insert_many(documents)

    details = raised.value.details
    assert details["nInserted"] == 1
    ((error,),) = [details["writeErrors"]]
    assert (error["index"], error["code"]) == (1, 11000)
    assert error["errmsg"].endswith('index: email_1 dup key: { email: "a@x.org" }')
    assert sorted(d["_id"] for d in database.users.find()) == [1]


def test_an_unordered_insert_many_inserts_every_document_but_the_duplicate(database):
    database.users.create_index("email", unique=True)
    documents = [{"_id": 1, "email": "a@x.org"}, {"_id": 2, "email": "a@x.org"}, {"_id": 3, "email": "c"}]

    with pytest.raises(BulkWriteError) as raised:
        database.users.insert_many(documents, ordered=False)

    assert raised.value.details["nInserted"] == 2
    assert [e["index"] for e in raised.value.details["writeErrors"]] == [1]
    assert sorted(d["_id"] for d in database.users.find()) == [1, 3]


def test_a_partial_unique_index_is_enforced_only_on_documents_matching_its_filter(database):
    database.users.create_index("email", unique=True, partialFilterExpression={"email": {"$type": "string"}})
    database.users.insert_many([{"email": None}, {"email": None}, {"email": "a@x.org"}])

    with pytest.raises(DuplicateKeyError) as raised:
        database.users.insert_one({"email": "a@x.org"})

    assert raised.value.details["keyValue"] == {"email": "a@x.org"}
    assert database.users.count_documents({}) == 3


def test_a_unique_index_counts_a_missing_field_as_null(database):
    database.users.create_index("email", unique=True)
    database.users.insert_one({"_id": 1})

    with pytest.raises(DuplicateKeyError) as raised:
        database.users.insert_one({"_id": 2})

    assert raised.value.details["errmsg"].endswith("index: email_1 dup key: { email: null }")
    assert raised.value.details["keyValue"] == {"email": None}


def test_an_update_onto_a_taken_unique_key_is_a_duplicate_key_write_error(database):
    database.users.create_index("email", unique=True)
    database.users.insert_many([{"_id": 1, "email": "a@x.org"}, {"_id": 2, "email": "b@x.org"}])

    with pytest.raises(DuplicateKeyError) as raised:
        database.users.update_one({"_id": 2}, {"$set": {"email": "a@x.org"}})

    assert raised.value.code == 11000
    assert raised.value.details["keyValue"] == {"email": "a@x.org"}
    assert database.users.find_one({"_id": 2})["email"] == "b@x.org"


def test_find_one_and_update_onto_a_taken_unique_key_fails_as_a_command_with_11000(database):
    database.users.create_index("email", unique=True)
    database.users.insert_many([{"_id": 1, "email": "a@x.org"}, {"_id": 2, "email": "b@x.org"}])

    with pytest.raises(DuplicateKeyError) as raised:
        database.users.find_one_and_update({"_id": 2}, {"$set": {"email": "a@x.org"}})

    assert raised.value.details["ok"] == 0
    assert raised.value.details["codeName"] == "DuplicateKey"
    assert raised.value.details["keyValue"] == {"email": "a@x.org"}


# mongomock-ng's index build calls generator.throw() the deprecated way.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_building_a_unique_index_over_duplicates_fails_and_leaves_no_index(database):
    database.users.insert_many([{"_id": 1, "email": "a@x.org"}, {"_id": 2, "email": "a@x.org"}])

    with pytest.raises(DuplicateKeyError) as raised:
        database.users.create_index("email", unique=True)

    assert raised.value.details["errmsg"].startswith("Index build failed: ")
    assert raised.value.details["errmsg"].endswith(
        f"E11000 duplicate key error collection: {database.name}.users index: email_1"
        ' dup key: { email: "a@x.org" }'
    )
    assert list(database.users.index_information()) == ["_id_"]


# findAndModify


def test_find_one_and_replace_replaces_the_matched_document(database):
    database.items.insert_many([{"_id": 1, "v": 0, "keep": False}, {"_id": 2, "v": 0}])

    before = database.items.find_one_and_replace({"v": 0}, {"v": 1}, sort=[("_id", -1)])

    assert before == {"_id": 2, "v": 0}
    assert database.items.find_one({"_id": 2}) == {"_id": 2, "v": 1}
    assert database.items.find_one({"_id": 1}) == {"_id": 1, "v": 0, "keep": False}


def test_replace_one_replaces_the_matched_document_and_keeps_its_id(database):
    database.items.insert_many([{"_id": 1, "v": 0}, {"_id": 2, "v": 0}])

    result = database.items.replace_one({"_id": 2}, {"v": 1})
    upserted = database.items.replace_one({"_id": 3}, {"v": 3}, upsert=True)

    assert (result.matched_count, result.modified_count) == (1, 1)
    assert upserted.upserted_id == 3
    assert list(database.items.find()) == [{"_id": 1, "v": 0}, {"_id": 2, "v": 1}, {"_id": 3, "v": 3}]


def test_find_and_modify_reports_an_upsert_and_returns_the_new_document(database):
    reply = database.command(
        "findAndModify", "items", query={"_id": 5}, update={"$set": {"v": 1}}, upsert=True, new=True
    )

    assert reply["lastErrorObject"] == {"n": 1, "updatedExisting": False, "upserted": 5}
    assert reply["value"] == {"_id": 5, "v": 1}
    found = database.items.find_one_and_update(
        {"_id": 5}, {"$inc": {"v": 1}}, projection={"_id": False}, return_document=ReturnDocument.AFTER
    )
    assert found == {"v": 2}
    assert database.items.find_one_and_delete({"_id": 5}) == {"_id": 5, "v": 2}
    assert database.items.count_documents({}) == 0


def test_an_upsert_inside_an_aborted_transaction_is_undone(database, mongo_client):
    with mongo_client.start_session() as session:
        session.start_transaction()
        database.items.find_one_and_update({"_id": 1}, {"$set": {"v": 1}}, upsert=True, session=session)
        database.items.update_one({"_id": 2}, {"$set": {"v": 1}}, upsert=True, session=session)
        assert database.items.count_documents({}, session=session) == 2
        session.abort_transaction()

    assert database.items.count_documents({}) == 0


def test_a_transaction_past_its_lifetime_is_aborted_and_a_waiting_write_goes_through():
    server = MongoServer(transaction_lifetime_seconds=0.5)
    server.start()
    client = MongoClient(server.url("t"), serverSelectionTimeoutMS=5000)
    try:
        items = client.t.items
        items.insert_one({"_id": 1, "v": 0})
        session = client.start_session()
        session.start_transaction()
        items.update_one({"_id": 1}, {"$set": {"v": 10}}, session=session)

        started = time.monotonic()
        items.update_one({"_id": 1}, {"$inc": {"v": 1}})

        assert 0.3 < time.monotonic() - started < 5
        assert items.find_one({"_id": 1})["v"] == 1
        assert server.open_transactions() == []
    finally:
        client.close()
        server.stop()
