"""The events version (``events.caching.events_changed``, ``events.selectors.events_version``)
as it reaches the wire.

The version is ``EventsVersion.SHARDS`` documents with fixed ids. Every write that a list
shows updates one of them, chosen at random, inside the write's own transaction (and
inserts it when the update matched nothing); the list reads them all in one aggregate.
"""

import uuid

from bson import ObjectId

from events.models import EventsVersion
from tests.mongo.wire import Command, WireServer

EVENTS_VERSIONS = "events_eventsversion"
# The backend stores UUIDField values, the primary key included, as hex strings.
SHARD_KEYS = tuple(shard.hex for shard in EventsVersion.SHARD_IDS)
# Every command of a transaction says ``autocommit: false``, its first ``startTransaction``;
# a ``txnNumber`` alone marks a retryable single-document write (an insert), not a transaction.
TRANSACTION_FIELDS = {"autocommit", "startTransaction"}
WRITE_COMMANDS = {"insert", "update", "delete", "findAndModify"}


def stored_events_version(token: uuid.UUID, shard: str = SHARD_KEYS[0]) -> dict:
    """One shard document as the backend stores it."""
    return {"_id": ObjectId(), "id": shard, "token": token.hex}


def stored_events_versions(tokens: dict[str, uuid.UUID] | None = None) -> list[dict]:
    """Every shard document, each with a random token unless ``tokens`` (by shard key) says otherwise."""
    tokens = tokens or {}
    return [stored_events_version(tokens.get(shard) or uuid.uuid4(), shard) for shard in SHARD_KEYS]


def transaction_key(command: Command) -> tuple | None:
    """(session id, transaction number) of a command sent in a transaction, else None."""
    if command.doc.get("autocommit") is not False:
        return None
    return command.doc["lsid"]["id"], command.doc["txnNumber"]


def transaction_of(wire: WireServer, end: Command) -> list[Command]:
    """The commands of the transaction that ``end`` (its commit or abort) ends, ``end`` included.

    Asserted: it starts with ``startTransaction: true`` (that command alone) and ``end`` is its last.
    """
    key = transaction_key(end)
    assert key is not None, f"{end.name} was not sent in a transaction"
    commands = [command for command in wire.commands if transaction_key(command) == key]
    assert commands[-1] is end
    assert commands[0].doc.get("startTransaction") is True
    assert not [command for command in commands[1:] if "startTransaction" in command.doc]
    return commands


def shard_of(update: Command) -> str:
    """The shard key an ``update`` of the version selects (checked to be one of ``SHARD_IDS``)."""
    (statement,) = update.doc["updates"]
    assert list(statement["q"]) == ["id"]
    shard = statement["q"]["id"]
    assert shard in SHARD_KEYS
    return shard


def new_token(update: Command) -> str:
    """The token an ``update`` of a version shard sets (checked to be a fresh UUID)."""
    (statement,) = update.doc["updates"]
    (change,) = statement["u"]
    assert list(change) == ["$set"] and list(change["$set"]) == ["token"]
    token = change["$set"]["token"]["$literal"]
    assert uuid.UUID(hex=token).hex == token
    assert token not in SHARD_KEYS
    return token


def assert_no_version_write_outside_a_transaction(wire: WireServer) -> None:
    outside = [
        command
        for command in wire.commands
        if command.collection == EVENTS_VERSIONS
        and command.name in WRITE_COMMANDS
        and transaction_key(command) is None
    ]
    assert outside == [], "an events-version write outside any transaction"


def version_writes_in(wire: WireServer, end: Command) -> list[Command]:
    """The version writes of the transaction that ``end`` ends: none outside any transaction."""
    assert_no_version_write_outside_a_transaction(wire)
    return [command for command in transaction_of(wire, end) if command.collection == EVENTS_VERSIONS]


def version_write_in(wire: WireServer, commit: Command) -> Command:
    """The one version write of ``commit``'s transaction, sent before it.

    Asserted: exactly one update, of one shard id from ``SHARD_IDS``, setting a fresh token,
    in that transaction (no version write anywhere outside a transaction).
    """
    assert commit.name == "commitTransaction"
    (update,) = version_writes_in(wire, commit)
    assert update.name == "update"
    assert wire.commands.index(update) < wire.commands.index(commit)
    shard_of(update)
    new_token(update)
    return update
