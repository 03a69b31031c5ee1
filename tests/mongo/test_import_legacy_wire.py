"""``import_legacy`` over the wire: lookups by the legacy ids, then one transaction of inserts and
the events-version write."""

import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.mongo.documents import EVENTS, USERS
from tests.mongo.events_version import transaction_of, version_write_in

FIXTURES = Path(__file__).resolve().parents[1] / "legacy" / "fixtures"
USERS_FILE = FIXTURES / "legacy_users.jsonl"
EVENTS_FILE = FIXTURES / "legacy_events.json"


def import_legacy() -> str:
    out = StringIO()
    call_command(
        "import_legacy",
        "--users",
        str(USERS_FILE),
        "--events",
        str(EVENTS_FILE),
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def legacy_ada() -> dict:
    return json.loads(USERS_FILE.read_text().splitlines()[0])


def legacy_event() -> dict:
    return json.loads(EVENTS_FILE.read_text())[0]


def hex_id(value: str) -> str:
    return uuid.UUID(value).hex


def inserted(wire, collection: str) -> dict[str, dict]:
    (insert,) = wire.sent("insert", collection)
    return {document["id"]: document for document in insert.doc["documents"]}


def match_of(command) -> dict:
    return command.doc["pipeline"][0]["$match"]


@pytest.fixture
def first_run(wire) -> str:
    """The output of an import into an empty database."""
    return import_legacy()


@pytest.mark.usefixtures("first_run")
def test_lookups_go_by_legacy_user_ids_emails_and_event_ids(wire):
    by_id, by_email, creators = wire.sent("aggregate", USERS)
    (events_by_id,) = wire.sent("aggregate", EVENTS)
    ada = legacy_ada()

    assert hex_id(ada["userId"]) in match_of(by_id)["id"]["$in"]
    assert ada["email"].lower() in match_of(by_email)["email_key"]["$in"]
    assert hex_id(ada["userId"]) in match_of(creators)["id"]["$in"]
    assert hex_id(legacy_event()["eventId"]) in match_of(events_by_id)["id"]["$in"]


def test_inserts_keep_legacy_ids_and_store_the_bcrypt_hash_in_one_transaction_with_the_version(
    wire, first_run
):
    ada, event = legacy_ada(), legacy_event()

    users, events = inserted(wire, USERS), inserted(wire, EVENTS)

    stored_ada = users[hex_id(ada["userId"])]
    assert stored_ada["email"] == ada["email"].lower()
    assert stored_ada["password"] == f"bcrypt${ada['password']}"
    assert stored_ada["password"].startswith("bcrypt$$2a$10$")
    stored_event = events[hex_id(event["eventId"])]
    assert stored_event["created_by_id"] == hex_id(event["createdBy"])
    assert stored_event["title"] == event["title"]
    assert f"Imported {len(users) + len(events)} record(s)." in first_run
    user_insert, event_insert = wire.sent("insert", USERS)[0], wire.sent("insert", EVENTS)[0]
    (commit,) = wire.sent("commitTransaction")
    assert user_insert.doc["startTransaction"] is True
    assert user_insert.doc["lsid"] == event_insert.doc["lsid"] == commit.doc["lsid"]
    assert user_insert.doc["txnNumber"] == event_insert.doc["txnNumber"] == commit.doc["txnNumber"]
    # The imported events show in the lists: the events version changes in the same transaction.
    assert transaction_of(wire, commit) == [user_insert, event_insert, version_write_in(wire, commit), commit]


@pytest.mark.usefixtures("first_run")
def test_a_rerun_finds_every_record_present_and_writes_nothing(wire):
    users, events = inserted(wire, USERS), inserted(wire, EVENTS)
    present_users = [
        {"id": document["id"], "email": document["email"], "email_key": document["email_key"]}
        for document in users.values()
    ]
    present_events = [{"id": document["id"], "date": document["date"]} for document in events.values()]
    wire.reset()
    wire.answer(USERS, present_users, present_users, present_users)
    wire.answer(EVENTS, present_events)

    output = import_legacy()

    assert f"Users: 0 imported, {len(users)} already present" in output
    assert f"Events: 0 imported, {len(events)} already present" in output
    assert "Nothing to change" in output
    assert wire.writes() == []
