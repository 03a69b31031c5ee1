"""The executing test server answers the real driver as a MongoDB 7.0 replica-set primary does.

Every test talks to ``MongoServer`` through pymongo's ``MongoClient``: duplicate keys,
transactions, injected faults, and the collection and index commands.
"""

import random
import time
from concurrent.futures import ThreadPoolExecutor

import pymongo.common
import pytest
from pymongo import MongoClient, ReturnDocument
from pymongo.errors import (
    AutoReconnect,
    BulkWriteError,
    ConnectionFailure,
    DuplicateKeyError,
    OperationFailure,
)

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


# Transactions


def _is_write_conflict(error: OperationFailure) -> bool:
    return error.code == 112 and error.details["codeName"] == "WriteConflict"


def test_a_write_to_a_document_held_by_another_transaction_fails_with_write_conflict(database, mongo_client):
    database.items.insert_one({"_id": 1, "v": 0})
    with mongo_client.start_session() as first, mongo_client.start_session() as second:
        first.start_transaction()
        database.items.update_one({"_id": 1}, {"$set": {"v": 1}}, session=first)
        second.start_transaction()

        with pytest.raises(OperationFailure) as raised:
            database.items.update_one({"_id": 1}, {"$set": {"v": 2}}, session=second)

        assert _is_write_conflict(raised.value)
        assert raised.value.has_error_label("TransientTransactionError")
        second.abort_transaction()
        first.commit_transaction()
    assert database.items.find_one({"_id": 1})["v"] == 1


def test_a_transaction_may_write_a_document_another_transaction_only_read(database, mongo_client):
    database.items.insert_one({"_id": 1, "v": 0})
    with mongo_client.start_session() as first, mongo_client.start_session() as second:
        first.start_transaction()
        database.items.find_one({"_id": 1}, session=first)
        second.start_transaction()
        database.items.update_one({"_id": 1}, {"$set": {"v": 2}}, session=second)
        second.commit_transaction()
        first.abort_transaction()
    assert database.items.find_one({"_id": 1})["v"] == 2


def test_aborting_a_transaction_undoes_only_its_own_writes(database, mongo_client):
    database.items.insert_many([{"_id": 1, "v": 0}, {"_id": 2, "v": 0}, {"_id": 3, "v": 0}])
    with mongo_client.start_session() as aborted, mongo_client.start_session() as committed:
        aborted.start_transaction()
        database.items.update_one({"_id": 1}, {"$set": {"v": "aborted"}}, session=aborted)
        database.items.insert_one({"_id": 4, "v": "aborted"}, session=aborted)
        database.items.delete_one({"_id": 3}, session=aborted)
        with committed.start_transaction():
            database.items.update_one({"_id": 2}, {"$set": {"v": "committed"}}, session=committed)
        database.items.insert_one({"_id": 5, "v": "outside"})

        aborted.abort_transaction()

    assert sorted((d["_id"], d["v"]) for d in database.items.find()) == [
        (1, 0),
        (2, "committed"),
        (3, 0),
        (5, "outside"),
    ]


def test_other_sessions_read_the_committed_version_not_an_open_transactions_writes(database, mongo_client):
    database.items.insert_many([{"_id": 1, "v": 0}, {"_id": 2, "v": 0}])
    with mongo_client.start_session() as writer, mongo_client.start_session() as reader:
        writer.start_transaction()
        database.items.update_one({"_id": 1}, {"$set": {"v": 1}}, session=writer)
        database.items.delete_one({"_id": 2}, session=writer)
        database.items.insert_one({"_id": 3, "v": 1}, session=writer)

        committed = [{"_id": 1, "v": 0}, {"_id": 2, "v": 0}]
        assert sorted(database.items.find(), key=lambda d: d["_id"]) == committed
        assert database.items.count_documents({"v": 0}) == 2
        assert [d["n"] for d in database.items.aggregate([{"$count": "n"}])] == [2]
        with reader.start_transaction():
            assert database.items.find_one({"_id": 1}, session=reader) == {"_id": 1, "v": 0}
            assert database.items.count_documents({}, session=reader) == 2

        writer.commit_transaction()
    assert sorted(database.items.find(), key=lambda d: d["_id"]) == [{"_id": 1, "v": 1}, {"_id": 3, "v": 1}]


def test_a_transaction_sees_its_own_writes(database, mongo_client):
    database.items.insert_many([{"_id": 1, "v": 0}, {"_id": 2, "v": 0}])
    with mongo_client.start_session() as session, session.start_transaction():
        database.items.update_one({"_id": 1}, {"$set": {"v": 1}}, session=session)
        database.items.delete_one({"_id": 2}, session=session)
        database.items.insert_one({"_id": 3, "v": 1}, session=session)

        seen = sorted(database.items.find(session=session), key=lambda d: d["_id"])
        assert seen == [{"_id": 1, "v": 1}, {"_id": 3, "v": 1}]
        assert database.items.count_documents({"v": 1}, session=session) == 2
        updated = database.items.find_one_and_update(
            {"_id": 1}, {"$inc": {"v": 1}}, session=session, return_document=ReturnDocument.AFTER
        )
        assert updated == {"_id": 1, "v": 2}


def test_a_failed_statement_aborts_the_transaction_and_the_next_fails_with_no_such_transaction(
    database, mongo_client
):
    database.users.create_index("email", unique=True)
    database.users.insert_one({"_id": 1, "email": "a@x.org"})
    with mongo_client.start_session() as session:
        session.start_transaction()
        database.users.insert_one({"_id": 2, "email": "b@x.org"}, session=session)
        with pytest.raises(DuplicateKeyError):
            database.users.insert_one({"_id": 3, "email": "a@x.org"}, session=session)

        with pytest.raises(OperationFailure) as raised:
            database.users.insert_one({"_id": 4, "email": "d@x.org"}, session=session)

        assert raised.value.code == 251
        assert raised.value.details["codeName"] == "NoSuchTransaction"
        assert raised.value.has_error_label("TransientTransactionError")
        session.abort_transaction()
    assert [d["_id"] for d in database.users.find()] == [1]


def test_a_duplicate_id_inside_a_transaction_leaves_the_committed_document_in_place(database, mongo_client):
    database.items.insert_one({"_id": 1, "v": "committed"})
    with mongo_client.start_session() as session:
        session.start_transaction()
        with pytest.raises(DuplicateKeyError):
            database.items.insert_one({"_id": 1, "v": "again"}, session=session)
        session.abort_transaction()
    assert database.items.find_one({"_id": 1}) == {"_id": 1, "v": "committed"}


def _wait_until_received(server: MongoServer, name: str, collection: str) -> None:
    """Return once the server has received ``name`` on ``collection`` from outside a transaction."""
    deadline = time.monotonic() + 5
    while not [c for c in server.sent(name, collection) if "autocommit" not in c.doc]:
        assert time.monotonic() < deadline, f"the server never received {name} on {collection}"
        time.sleep(0.01)


def _assert_still_waiting(future) -> None:
    with pytest.raises(TimeoutError):
        future.result(timeout=0.2)


def test_a_write_outside_a_transaction_waits_until_the_holder_commits(database, mongo_client, server):
    database.items.insert_one({"_id": 1, "v": 0})
    with mongo_client.start_session() as session, ThreadPoolExecutor(1) as pool:
        session.start_transaction()
        database.items.update_one({"_id": 1}, {"$set": {"v": 10}}, session=session)
        blocked = pool.submit(database.items.update_one, {"_id": 1}, {"$inc": {"v": 1}})
        _wait_until_received(server, "update", "items")
        _assert_still_waiting(blocked)

        session.commit_transaction()

        assert blocked.result(timeout=5).modified_count == 1
    assert database.items.find_one({"_id": 1})["v"] == 11


def test_a_write_that_waited_matches_the_committed_version_again(database, mongo_client, server):
    database.items.insert_one({"_id": 1, "status": "open"})
    with mongo_client.start_session() as session, ThreadPoolExecutor(1) as pool:
        session.start_transaction()
        database.items.update_one({"_id": 1}, {"$set": {"status": "closed"}}, session=session)
        blocked = pool.submit(database.items.update_one, {"status": "open"}, {"$set": {"late": True}})
        _wait_until_received(server, "update", "items")
        _assert_still_waiting(blocked)

        session.commit_transaction()

        assert blocked.result(timeout=5).matched_count == 0
    assert database.items.find_one({"_id": 1}) == {"_id": 1, "status": "closed"}


def test_a_write_that_waited_for_an_aborted_transaction_applies_to_the_restored_document(
    database, mongo_client, server
):
    database.items.insert_one({"_id": 1, "status": "open"})
    with mongo_client.start_session() as session, ThreadPoolExecutor(1) as pool:
        session.start_transaction()
        database.items.update_one({"_id": 1}, {"$set": {"status": "closed"}}, session=session)
        blocked = pool.submit(database.items.delete_one, {"status": "open"})
        _wait_until_received(server, "delete", "items")
        _assert_still_waiting(blocked)

        session.abort_transaction()

        assert blocked.result(timeout=5).deleted_count == 1
    assert database.items.count_documents({}) == 0


def test_an_insert_outside_a_transaction_waits_for_a_unique_key_a_transaction_wrote(
    database, mongo_client, server
):
    database.users.create_index("email", unique=True)
    with mongo_client.start_session() as session, ThreadPoolExecutor(1) as pool:
        session.start_transaction()
        database.users.insert_one({"_id": 1, "email": "a@x.org"}, session=session)
        blocked = pool.submit(database.users.insert_one, {"_id": 2, "email": "a@x.org"})
        _wait_until_received(server, "insert", "users")
        _assert_still_waiting(blocked)

        session.commit_transaction()

        with pytest.raises(DuplicateKeyError):
            blocked.result(timeout=5)
    assert [d["_id"] for d in database.users.find()] == [1]


@pytest.mark.parametrize("writer", ["another_transaction", "outside_any_transaction"])
def test_a_transaction_gets_write_conflict_writing_a_document_committed_since_it_started(
    database, mongo_client, writer
):
    database.items.insert_many([{"_id": 1, "v": 0}, {"_id": 2, "v": 0}])
    with mongo_client.start_session() as early, mongo_client.start_session() as other:
        early.start_transaction()
        database.items.find_one({"_id": 2}, session=early)
        if writer == "another_transaction":
            with other.start_transaction():
                database.items.update_one({"_id": 1}, {"$set": {"v": writer}}, session=other)
        else:
            database.items.update_one({"_id": 1}, {"$set": {"v": writer}})
        database.items.update_one({"_id": 2}, {"$set": {"v": "early"}}, session=early)

        with pytest.raises(OperationFailure) as raised:
            database.items.update_one({"_id": 1}, {"$set": {"v": "early"}}, session=early)

        assert _is_write_conflict(raised.value)
        assert raised.value.has_error_label("TransientTransactionError")
        early.abort_transaction()
    assert sorted((d["_id"], d["v"]) for d in database.items.find()) == [(1, writer), (2, 0)]


def test_a_transaction_started_after_a_commit_may_write_that_document(database, mongo_client):
    database.items.insert_one({"_id": 1, "v": 0})
    database.items.update_one({"_id": 1}, {"$set": {"v": "outside"}})
    with mongo_client.start_session() as session, session.start_transaction():
        database.items.update_one({"_id": 1}, {"$set": {"v": "transaction"}}, session=session)
    assert database.items.find_one({"_id": 1})["v"] == "transaction"


def test_reads_inside_a_transaction_see_later_commits_of_other_sessions(database, mongo_client):
    """A known difference (README): MongoDB would keep the transaction's snapshot."""
    database.items.insert_one({"_id": 1, "v": 0})
    with mongo_client.start_session() as session, session.start_transaction():
        assert database.items.find_one({"_id": 1}, session=session)["v"] == 0
        database.items.update_one({"_id": 1}, {"$set": {"v": 1}})
        assert database.items.find_one({"_id": 1}, session=session)["v"] == 1


# Fault injection


def test_an_injected_write_conflict_fails_the_chosen_command_once(database, server):
    database.items.insert_one({"_id": 1})
    server.inject("update", "items")

    database.other.update_one({"_id": 1}, {"$set": {"v": 1}}, upsert=True)
    database.items.find_one({"_id": 1})
    with pytest.raises(OperationFailure) as raised:
        database.items.update_one({"_id": 1}, {"$set": {"v": 1}})
    database.items.update_one({"_id": 1}, {"$set": {"v": 2}})

    assert _is_write_conflict(raised.value)
    assert not raised.value.has_error_label("TransientTransactionError")
    assert database.items.find_one({"_id": 1}) == {"_id": 1, "v": 2}
    assert database.other.find_one({"_id": 1}) == {"_id": 1, "v": 1}


def test_an_injected_write_conflict_in_a_transaction_is_transient_and_aborts_it(
    database, mongo_client, server
):
    database.items.insert_one({"_id": 1})
    server.inject("update", "items", in_transaction=True)
    database.items.update_one({"_id": 1}, {"$set": {"outside": True}})
    with mongo_client.start_session() as session:
        session.start_transaction()
        database.items.insert_one({"_id": 2}, session=session)
        with pytest.raises(OperationFailure) as raised:
            database.items.update_one({"_id": 1}, {"$set": {"inside": True}}, session=session)
        with pytest.raises(OperationFailure) as next_statement:
            database.items.insert_one({"_id": 3}, session=session)
        session.abort_transaction()

    assert _is_write_conflict(raised.value)
    assert raised.value.has_error_label("TransientTransactionError")
    assert next_statement.value.code == 251
    assert list(database.items.find()) == [{"_id": 1, "outside": True}]


def test_with_transaction_retries_a_transaction_that_hit_an_injected_write_conflict(
    database, mongo_client, server
):
    database.items.insert_one({"_id": 1, "v": 0})
    server.inject("update", "items", in_transaction=True)
    attempts = []

    def increment(session):
        attempts.append(session)
        database.items.update_one({"_id": 1}, {"$inc": {"v": 1}}, session=session)

    with mongo_client.start_session() as session:
        session.with_transaction(increment)

    assert len(attempts) == 2
    assert database.items.find_one({"_id": 1})["v"] == 1


@pytest.fixture(scope="module")
def fast_reconnects():
    """pymongo checks a server it lost after milliseconds, not its usual half second.

    Its own test suite lowers ``MIN_HEARTBEAT_INTERVAL`` the same way.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pymongo.common, "MIN_HEARTBEAT_INTERVAL", 0.02)
        yield


def _reconnecting_client(server: MongoServer, **options) -> MongoClient:
    return MongoClient(server.url("t"), serverSelectionTimeoutMS=5000, socketTimeoutMS=5000, **options)


@pytest.fixture(scope="module")
def retrying_client(fast_reconnects, server):
    with _reconnecting_client(server) as client:
        yield client


@pytest.fixture(scope="module")
def no_retry_client(fast_reconnects, server):
    with _reconnecting_client(server, retryWrites=False, retryReads=False) as client:
        yield client


@pytest.fixture
def reconnecting_database(retrying_client, database):
    return retrying_client[database.name]


def test_a_retryable_write_survives_one_dropped_connection(reconnecting_database, server):
    server.inject("insert", "items", error="network", times=1)

    reconnecting_database.items.insert_one({"_id": 1})

    assert len(server.sent("insert", "items")) == 2
    assert list(reconnecting_database.items.find()) == [{"_id": 1}]


def test_a_retryable_write_fails_when_the_connection_drops_twice(reconnecting_database, server):
    server.inject("insert", "items", error="network", times=2)

    with pytest.raises(AutoReconnect):
        reconnecting_database.items.insert_one({"_id": 1})

    assert len(server.sent("insert", "items")) == 2
    assert reconnecting_database.items.count_documents({}) == 0


def test_a_dropped_connection_fails_a_write_when_retryable_writes_are_off(no_retry_client, database, server):
    no_retries = no_retry_client[database.name]
    server.inject("insert", "items", error="network", times=1)

    with pytest.raises(ConnectionFailure):
        no_retries.items.insert_one({"_id": 1})

    assert len(server.sent("insert", "items")) == 1
    assert no_retries.items.count_documents({}) == 0


def test_a_retryable_read_survives_one_dropped_connection_but_not_two(reconnecting_database, server):
    reconnecting_database.items.insert_one({"_id": 1})
    server.inject("find", "items", error="network", times=1)
    assert reconnecting_database.items.find_one({"_id": 1}) == {"_id": 1}

    server.inject("find", "items", error="network", times=2)
    with pytest.raises(AutoReconnect):
        reconnecting_database.items.find_one({"_id": 1})
    assert len(server.sent("find", "items")) == 4


def test_faults_at_a_rate_are_drawn_from_the_servers_seeded_generator():
    draws = random.Random(3)
    expected = [draws.random() < 0.5 for _ in range(20)]
    seeded = MongoServer(seed=3)
    seeded.start()
    try:
        with MongoClient(seeded.url("t"), serverSelectionTimeoutMS=5000) as client:
            seeded.inject("insert", "items", rate=0.5, times=None)
            failed = []
            for n in range(20):
                try:
                    client.t.items.insert_one({"_id": n})
                    failed.append(False)
                except OperationFailure as error:
                    assert _is_write_conflict(error)
                    failed.append(True)
            stored = client.t.items.count_documents({})
    finally:
        seeded.stop()

    assert failed == expected
    assert 0 < failed.count(True) < 20
    assert stored == failed.count(False)


def test_faults_at_a_rate_stop_when_times_is_used_up(database, server):
    server.inject("insert", "items", rate=1.0, times=2)

    for n in range(2):
        with pytest.raises(OperationFailure):
            database.items.insert_one({"_id": n})
    database.items.insert_one({"_id": 2})

    assert [d["_id"] for d in database.items.find()] == [2]


def test_an_unknown_commit_result_leaves_the_transaction_uncommitted_until_a_later_commit(
    database, mongo_client, server
):
    server.inject("commitTransaction", error="UnknownTransactionCommitResult")
    with mongo_client.start_session() as session:
        session.start_transaction()
        database.items.insert_one({"_id": 1}, session=session)

        with pytest.raises(OperationFailure) as raised:
            session.commit_transaction()

        assert raised.value.has_error_label("UnknownTransactionCommitResult")
        assert database.items.count_documents({}) == 0
        session.commit_transaction()
    assert list(database.items.find()) == [{"_id": 1}]


def test_the_sessions_next_retryable_write_aborts_a_transaction_whose_commit_was_lost(
    database, mongo_client, server
):
    server.inject("commitTransaction", error="UnknownTransactionCommitResult")
    with mongo_client.start_session() as session:
        lsid = bytes(session.session_id["id"])
        session.start_transaction()
        database.items.insert_one({"_id": 1}, session=session)
        with pytest.raises(OperationFailure):
            session.commit_transaction()
        assert lsid in [txn.session for txn in server.open_transactions()]

        database.items.insert_one({"_id": 2}, session=session)

        assert lsid not in [txn.session for txn in server.open_transactions()]
    assert list(database.items.find()) == [{"_id": 2}]


def test_an_unknown_fault_is_refused(server):
    with pytest.raises(ValueError, match="unknown fault"):
        server.inject("insert", error="timeout")


# Collections and indexes


def test_list_indexes_reports_each_index_with_its_key_name_and_options(database):
    database.users.create_index("email", unique=True, partialFilterExpression={"email": {"$type": "string"}})
    database.users.create_index([("starts", 1), ("title", -1)], name="by_start")

    indexes = {index["name"]: index for index in database.users.list_indexes()}

    assert list(indexes) == ["_id_", "email_1", "by_start"]
    assert dict(indexes["_id_"]["key"]) == {"_id": 1}
    assert "unique" not in indexes["_id_"]
    assert dict(indexes["email_1"]["key"]) == {"email": 1}
    assert indexes["email_1"]["unique"] is True
    assert indexes["email_1"]["partialFilterExpression"] == {"email": {"$type": "string"}}
    assert list(indexes["by_start"]["key"].items()) == [("starts", 1), ("title", -1)]
    assert "unique" not in indexes["by_start"]


def test_create_index_on_a_new_collection_counts_its_id_index(database):
    reply = database.command("createIndexes", "fresh", indexes=[{"key": {"a": 1}, "name": "a_1"}])

    assert reply["createdCollectionAutomatically"] is True
    assert (reply["numIndexesBefore"], reply["numIndexesAfter"]) == (1, 2)


def test_drop_indexes_reports_how_many_indexes_the_collection_had(database):
    database.items.create_index("a")
    database.items.create_index("b")

    reply = database.command("dropIndexes", "items", index="a_1")

    assert reply["nIndexesWas"] == 3
    assert list(database.items.index_information()) == ["_id_", "b_1"]
    with pytest.raises(OperationFailure) as raised:
        database.items.drop_index("a_1")
    assert raised.value.code == 27


def test_list_indexes_of_a_missing_collection_fails_with_namespace_not_found(database):
    with pytest.raises(OperationFailure) as raised:
        database.command("listIndexes", "missing")

    assert raised.value.code == 26


def test_list_collections_names_the_collections_of_the_database(database):
    database.create_collection("events")
    database.users.insert_one({"_id": 1})

    assert sorted(database.list_collection_names()) == ["events", "users"]
    assert database.list_collection_names(filter={"name": "users"}) == ["users"]
    (info,) = database.list_collections(filter={"name": "events"})
    assert info["type"] == "collection"


def test_creating_an_existing_collection_fails_with_namespace_exists(database):
    database.create_collection("events")

    with pytest.raises(OperationFailure) as raised:
        database.command("create", "events")

    assert raised.value.code == 48
    assert raised.value.details["codeName"] == "NamespaceExists"


def test_dropping_a_missing_collection_is_ignored_by_drop_collection(database):
    database.create_collection("events")

    database.drop_collection("events")
    database.drop_collection("missing")

    assert database.list_collection_names() == []
    with pytest.raises(OperationFailure) as raised:
        database.command("drop", "missing")
    assert raised.value.code == 26


# What mongomock-ng refuses is answered, not left to hang the driver


def test_a_filter_the_server_rejects_is_an_error_reply(database):
    with pytest.raises(OperationFailure) as raised:
        database.items.find_one({"$bogus": 1})

    assert raised.value.code == 2
    assert "$bogus" in raised.value.details["errmsg"]


def test_an_unknown_command_fails_with_command_not_found(database):
    with pytest.raises(OperationFailure) as raised:
        database.command("noSuchCommand")

    assert raised.value.code == 59


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
