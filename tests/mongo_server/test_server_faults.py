"""Faults injected into the executing test server: write conflicts, dropped connections and lost
commit answers, as the real driver meets them.
"""

import random

import pymongo.common
import pytest
from pymongo import MongoClient
from pymongo.errors import AutoReconnect, ConnectionFailure, OperationFailure

from tests.mongo_server.replies import is_write_conflict
from tests.mongo_server.server import MongoServer

# Fault injection


def test_an_injected_write_conflict_fails_the_chosen_command_once(database, server):
    database.items.insert_one({"_id": 1})
    server.inject("update", "items")

    database.other.update_one({"_id": 1}, {"$set": {"v": 1}}, upsert=True)
    database.items.find_one({"_id": 1})
    with pytest.raises(OperationFailure) as raised:
        database.items.update_one({"_id": 1}, {"$set": {"v": 1}})
    database.items.update_one({"_id": 1}, {"$set": {"v": 2}})

    assert is_write_conflict(raised.value)
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

    assert is_write_conflict(raised.value)
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
                    assert is_write_conflict(error)
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
