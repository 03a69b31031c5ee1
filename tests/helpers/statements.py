"""The database statements a block of code runs, on either engine."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

# SQL names its tables after these keywords; the MongoDB backend joins with ``$lookup``.
SQL_TABLES = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"(\w+)"')
JOINED_COLLECTIONS = re.compile(r"'\$lookup': \{'from': '(\w+)'")
# What the MongoDB backend logs: ``db.<collection>.<operation>(<arguments>)``.
LOGGED_OPERATION = re.compile(r"db\.(?:(\w+)\.)?(\w+)\(")
READS = frozenset({"select", "aggregate", "find", "find_one", "count", "count_documents", "distinct"})
# Session and transaction fields of a command: not what it does.
COMMAND_ENVELOPE = frozenset(
    {
        "lsid",
        "txnNumber",
        "autocommit",
        "startTransaction",
        "cursor",
        "$db",
        "$readPreference",
        "$clusterTime",
    }
)

_mongo_server = None


@dataclass(frozen=True)
class Statement:
    """One statement sent to the database: SQL, or a MongoDB command."""

    operation: str  # SQL's first keyword, lowercased ("select"), or the MongoDB command ("aggregate")
    table: str | None  # the table (collection) it runs on
    joined: tuple[str, ...]  # the other tables it reads: SQL joins and subqueries, MongoDB $lookup
    text: str  # the SQL, or ``db.<collection>.<command>(<arguments>)``

    @property
    def is_read(self) -> bool:
        return self.operation in READS

    @property
    def is_count(self) -> bool:
        """A count of rows: SQL's ``COUNT(``; on MongoDB the backend's ``__count`` group or ``count``."""
        if self.operation in {"count", "count_documents"}:
            return True
        return "COUNT(" in self.text or "'__count'" in self.text

    def reads(self, *tables: str) -> bool:
        """A read of any of these tables (collections)."""
        return self.is_read and any(table in (self.table, *self.joined) for table in tables)


def watch_mongo_server(server) -> None:
    """Read MongoDB statements from this executing test server (None: not on one)."""
    global _mongo_server
    _mongo_server = server


@contextmanager
def database_statements() -> Iterator[list[Statement]]:
    """The statements the block sends to the database, filled in when the block ends.

    SQL: what Django's ``CaptureQueriesContext`` sees. MongoDB: the commands the executing
    test server received (from every connection), or on a real cluster, which cannot be
    watched, the operations the backend logs for this thread.
    """
    statements: list[Statement] = []
    if connection.vendor == "mongodb" and _mongo_server is not None:
        start = len(_mongo_server.sent())
        yield statements
        statements.extend(_sent_statement(command) for command in _mongo_server.sent()[start:])
        return
    with CaptureQueriesContext(connection) as captured:
        yield statements
    parse = _logged_statement if connection.vendor == "mongodb" else _sql_statement
    statements.extend(parse(query["sql"]) for query in captured)


def reads_of(statements: list[Statement], *tables: str) -> list[Statement]:
    return [statement for statement in statements if statement.reads(*tables)]


def _sql_statement(sql: str) -> Statement:
    tables = SQL_TABLES.findall(sql)
    return Statement(sql.split(None, 1)[0].lower(), tables[0] if tables else None, tuple(tables[1:]), sql)


def _logged_statement(text: str) -> Statement:
    logged = LOGGED_OPERATION.match(text)
    collection, operation = logged.groups() if logged else (None, text.split("(", 1)[0])
    return Statement(operation, collection, tuple(JOINED_COLLECTIONS.findall(text)), text)


def _sent_statement(command) -> Statement:
    arguments = {key: _plain(value) for key, value in command.doc.items() if key not in COMMAND_ENVELOPE}
    arguments.pop(command.name, None)
    target = f"{command.collection}." if command.collection else ""
    text = f"db.{target}{command.name}({arguments!r})"
    return Statement(command.name, command.collection, tuple(JOINED_COLLECTIONS.findall(text)), text)


def _plain(value):
    """BSON documents (SON, OrderedDict) as dicts, so that they print as the backend logs them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
