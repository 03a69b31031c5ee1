"""What a MongoDB 7.0 replica-set primary says on the wire, shared by the test servers.

Both the wire-contract server (``tests.mongo.wire``, canned answers) and the executing
server (``tests.mongo_server.server``) answer the driver's handshake and shape their
errors from here, so the driver sees one consistent server.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bson import ObjectId

MAX_WIRE_VERSION = 21  # MongoDB 7.0
HANDSHAKE_COMMANDS = frozenset({"hello", "ismaster", "isMaster"})
BUILD_INFO = {"version": "7.0.0", "versionArray": [7, 0, 0, 0]}

# Error codes and names as the server reports them (src/mongo/base/error_codes.yml).
INTERNAL_ERROR = 1
FAILED_TO_PARSE = 9
DUPLICATE_KEY = 11000
WRITE_CONFLICT = 112
NO_SUCH_TRANSACTION = 251
NAMESPACE_EXISTS = 48
NAMESPACE_NOT_FOUND = 26
COMMAND_NOT_FOUND = 59
INDEX_NOT_FOUND = 27
BAD_VALUE = 2
OPERATION_FAILED = 96
MAX_TIME_MS_EXPIRED = 50
TRANSACTION_COMMITTED = 256
CODE_NAMES = {
    INTERNAL_ERROR: "InternalError",
    FAILED_TO_PARSE: "FailedToParse",
    DUPLICATE_KEY: "DuplicateKey",
    WRITE_CONFLICT: "WriteConflict",
    NO_SUCH_TRANSACTION: "NoSuchTransaction",
    NAMESPACE_EXISTS: "NamespaceExists",
    NAMESPACE_NOT_FOUND: "NamespaceNotFound",
    COMMAND_NOT_FOUND: "CommandNotFound",
    INDEX_NOT_FOUND: "IndexNotFound",
    BAD_VALUE: "BadValue",
    OPERATION_FAILED: "OperationFailed",
    MAX_TIME_MS_EXPIRED: "MaxTimeMSExpired",
    TRANSACTION_COMMITTED: "TransactionCommitted",
}
TRANSIENT_TRANSACTION_ERROR = "TransientTransactionError"
UNKNOWN_TRANSACTION_COMMIT_RESULT = "UnknownTransactionCommitResult"


def hello(port: int) -> dict:
    """The handshake answer of a one-member replica set (transactions need one; Atlas is one)."""
    address = f"127.0.0.1:{port}"
    return {
        "isWritablePrimary": True,
        "ismaster": True,
        "helloOk": True,
        "setName": "rs0",
        "setVersion": 1,
        "electionId": ObjectId("7fffffff0000000000000001"),
        "hosts": [address],
        "me": address,
        "maxWireVersion": MAX_WIRE_VERSION,
        "minWireVersion": 0,
        "maxBsonObjectSize": 16 * 1024 * 1024,
        "maxMessageSizeBytes": 48_000_000,
        "maxWriteBatchSize": 100_000,
        "logicalSessionTimeoutMinutes": 30,
        "localTime": datetime.now(UTC),
    }


def command_error(code: int, errmsg: str, *, labels: tuple[str, ...] = (), **details) -> dict:
    """A failed command (``ok: 0``), as pymongo raises it: ``OperationFailure`` with labels.

    ``details`` are the error's own fields (a duplicate key's ``keyPattern`` and ``keyValue``).
    """
    reply = {
        "ok": 0,
        "errmsg": errmsg,
        "code": code,
        "codeName": CODE_NAMES.get(code, "UnknownError"),
        **details,
    }
    if labels:
        reply["errorLabels"] = list(labels)
    return reply


class CommandFailed(Exception):
    """Raised inside the server to answer a command with ``command_error``."""

    def __init__(self, code: int, errmsg: str, *, labels: tuple[str, ...] = (), **details):
        super().__init__(errmsg)
        self.reply = command_error(code, errmsg, labels=labels, **details)
        self.code = code


class WriteFailed(Exception):
    """Raised inside the server for one statement's write error (``writeErrors``, ``ok: 1``)."""

    def __init__(self, code: int, errmsg: str, **details):
        super().__init__(errmsg)
        self.code = code
        self.error = {"code": code, "errmsg": errmsg, **details}
