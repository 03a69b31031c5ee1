"""The events-version write (``events.services.events_changed``) as it reaches the wire."""

import uuid

from bson import ObjectId

from events.models import EventsVersion
from tests.mongo.wire import Command, WireServer

EVENTS_VERSIONS = "events_eventsversion"
# The backend stores UUIDField values, the primary key included, as hex strings.
VERSION_KEY = EventsVersion.ROW_ID.hex
# Every command of a transaction says ``autocommit: false``, its first ``startTransaction``;
# a ``txnNumber`` alone marks a retryable single-document write (an insert), not a transaction.
TRANSACTION_FIELDS = {"autocommit", "startTransaction"}


def stored_events_version(token: uuid.UUID) -> dict:
    return {"_id": ObjectId(), "id": VERSION_KEY, "token": token.hex}


def new_token(update: Command) -> str:
    """The token an ``update`` of the version document sets (checked to be a fresh UUID)."""
    (statement,) = update.doc["updates"]
    assert statement["q"] == {"id": VERSION_KEY}
    (change,) = statement["u"]
    assert list(change) == ["$set"] and list(change["$set"]) == ["token"]
    token = change["$set"]["token"]["$literal"]
    assert uuid.UUID(hex=token).hex == token != VERSION_KEY
    return token


def version_writes_after(wire: WireServer, commit: Command) -> list[Command]:
    """Everything sent after ``commit``: asserted to be version updates, outside any transaction."""
    after = wire.commands[wire.commands.index(commit) + 1 :]
    assert after, "no events-version write after the commit"
    assert {(command.name, command.collection) for command in after} == {("update", EVENTS_VERSIONS)}
    assert all(not TRANSACTION_FIELDS & command.doc.keys() for command in after)
    tokens = [new_token(command) for command in after]
    assert len(set(tokens)) == len(tokens)
    return after
