"""The executing test server's collection and index commands, and its error replies where
mongomock-ng refuses a command.
"""

import pytest
from pymongo.errors import OperationFailure

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
