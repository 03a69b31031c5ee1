"""The executing test server's transactions, as MongoDB 7.0 runs them for the real driver: write
conflicts, aborts, what other sessions read, and writes that wait for a transaction to end.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError, OperationFailure

from tests.mongo_server.replies import is_write_conflict
from tests.mongo_server.server import MongoServer

# Transactions


def test_a_write_to_a_document_held_by_another_transaction_fails_with_write_conflict(database, mongo_client):
    database.items.insert_one({"_id": 1, "v": 0})
    with mongo_client.start_session() as first, mongo_client.start_session() as second:
        first.start_transaction()
        database.items.update_one({"_id": 1}, {"$set": {"v": 1}}, session=first)
        second.start_transaction()

        with pytest.raises(OperationFailure) as raised:
            database.items.update_one({"_id": 1}, {"$set": {"v": 2}}, session=second)

        assert is_write_conflict(raised.value)
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

        assert is_write_conflict(raised.value)
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
    """A known difference (tests/mongo_server/README.md): MongoDB would keep the transaction's snapshot."""
    database.items.insert_one({"_id": 1, "v": 0})
    with mongo_client.start_session() as session, session.start_transaction():
        assert database.items.find_one({"_id": 1}, session=session)["v"] == 0
        database.items.update_one({"_id": 1}, {"$set": {"v": 1}})
        assert database.items.find_one({"_id": 1}, session=session)["v"] == 1
