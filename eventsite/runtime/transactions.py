"""All-or-nothing writes on every engine, run again when the database says they may be.

``django.db.transaction.atomic`` does nothing on MongoDB (the backend reports no
transaction support), and a ``with`` block cannot run itself again. Every write of more
than one document therefore goes through ``unit_of_work(func)`` (or a service decorated
with ``@transactional``): ``func`` runs in one transaction, a MongoDB transaction (Atlas
is a replica set) or Django's own on SQL.

MongoDB aborts a transaction that meets a concurrent writer instead of making it wait
(``TransientTransactionError``), and may lose the answer to a commit
(``UnknownTransactionCommitResult``). As MongoDB's driver specification says, the
outermost unit then runs ``func`` again, or retries the commit; unlike pymongo's
``with_transaction``, which keeps trying for 120 s, it gives up after ``MAX_ATTEMPTS``
attempts or ``RETRY_WITHIN_SECONDS`` (API Gateway answers 504 after 29 s) and raises
``TransactionConflict``, which the API answers with 503 and ``Retry-After``.

``func`` must therefore be safe to run again: database writes only, no emails, cache
writes or other calls that a rollback cannot take back (run those after the unit). A
unique-key violation inside a unit means the transaction is already aborted on the
server: never catch ``IntegrityError`` in there and go on; let it end the unit, or raise
``ConcurrentWrite`` so that the unit runs again and its reads see the other write.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from contextlib import nullcontext

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

# One hot document (an event's seat count) may see every RSVP at once: enough attempts for
# a burst of writers to take turns, and a time bound well inside API Gateway's 29 s.
MAX_ATTEMPTS = 10
RETRY_WITHIN_SECONDS = 5.0
# Exponential backoff with full jitter: a random pause up to 10 ms, 20 ms, 40 ms … 320 ms,
# so that conflicting writers spread out instead of meeting again.
BACKOFF_BASE_SECONDS = 0.01
BACKOFF_CAP_SECONDS = 0.32
TRANSIENT_LABEL = "TransientTransactionError"
UNKNOWN_COMMIT_LABEL = "UnknownTransactionCommitResult"


class TransactionConflict(Exception):
    """Concurrent writers kept conflicting until the retries ran out; nothing was written."""

    retry_after_seconds = 1


class CommitOutcomeUnknown(DatabaseError):
    """The commit's answer was lost each time it was asked for: the write may or may not stand."""


class ConcurrentWrite(Exception):
    """A concurrent writer took what this unit was about to write (a unique key, say).

    Raised inside a unit of work; the outermost unit runs again, and its reads then
    see the other write.
    """


def in_unit_of_work(using: str = DEFAULT_DB_ALIAS) -> bool:
    connection = connections[using]
    return bool(getattr(connection, "units_of_work", 0) or getattr(connection, "in_atomic_block_mongo", 0))


def unit_of_work[T](func: Callable[[], T], *, using: str = DEFAULT_DB_ALIAS) -> T:
    """Run ``func`` as one transaction and return what it returns (see the module docstring).

    Inside another unit, ``func`` joins that transaction (a savepoint on SQL) and the
    outermost unit alone retries.
    """
    connection = connections[using]
    if in_unit_of_work(using):
        return _nested(func, connection)
    run_once = _mongo_attempt if connection.vendor == "mongodb" else _sql_attempt
    deadline = time.monotonic() + RETRY_WITHIN_SECONDS
    attempt = 1
    while True:
        connection.units_of_work = 1
        connection.after_unit_hooks = []
        try:
            result = run_once(func, connection, deadline)
        except Exception as exc:
            if not is_transient(exc):
                raise
            if attempt >= MAX_ATTEMPTS or time.monotonic() >= deadline:
                raise TransactionConflict("Concurrent writes kept conflicting; nothing was written.") from exc
        else:
            connection.units_of_work = 0
            _run_after_unit_hooks(connection)
            return result
        finally:
            connection.units_of_work = 0
        pause = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
        attempt += 1
        time.sleep(min(random.uniform(0, pause), max(0.0, deadline - time.monotonic())))


def transactional[**P, T](service: Callable[P, T]) -> Callable[P, T]:
    """Make a service one unit of work (``unit_of_work``), called as before."""

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        return unit_of_work(lambda: service(*args, **kwargs))

    return run


def after_commit(func: Callable[[], object], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Run ``func`` once the current transaction commits (now, outside one); never after a rollback.

    Inside a unit of work this is the transaction of the unit, on either engine; on SQL an
    enclosing ``atomic`` block (the admin's) defers it to the real commit.
    """
    transaction.on_commit(func, using=using)


def after_unit(func: Callable[[], object], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Run ``func`` once the outermost unit of work succeeds (now, outside one), ignoring any
    ``atomic`` block around that unit: for work that must see the unit's writes in the same
    connection, as a test's ``sync`` task back end does inside the test's own transaction."""
    connection = connections[using]
    if getattr(connection, "units_of_work", 0):
        connection.after_unit_hooks.append(func)
    elif in_unit_of_work(using):
        transaction.on_commit(func, using=using)
    else:
        func()


def _run_after_unit_hooks(connection) -> None:
    hooks, connection.after_unit_hooks = connection.after_unit_hooks, []
    for hook in hooks:
        hook()


def sql_atomic(using: str = DEFAULT_DB_ALIAS):
    """Django's ``atomic()`` on SQL, nothing on MongoDB: for one document's write (atomic by
    itself on MongoDB) that needs a savepoint on SQL, so that an ``IntegrityError`` it
    raises leaves an enclosing transaction usable. Outside any unit of work only."""
    if connections[using].vendor == "mongodb":
        return nullcontext()
    return transaction.atomic(using)


def is_transient(exc: BaseException) -> bool:
    """Running the unit again may succeed: MongoDB said so, or a concurrent write got there first."""
    for error in (exc, exc.__cause__):
        if isinstance(error, ConcurrentWrite):
            return True
        has_label = getattr(error, "has_error_label", None)
        if has_label is not None and has_label(TRANSIENT_LABEL):
            return True
    return False


def _nested[T](func: Callable[[], T], connection) -> T:
    if connection.vendor == "mongodb":
        return func()
    connection.units_of_work = getattr(connection, "units_of_work", 0) + 1
    hooks_before = len(connection.after_unit_hooks)
    try:
        with transaction.atomic(using=connection.alias):
            return func()
    except BaseException:
        del connection.after_unit_hooks[hooks_before:]
        raise
    finally:
        connection.units_of_work -= 1


def _sql_attempt[T](func: Callable[[], T], connection, deadline: float) -> T:
    with transaction.atomic(using=connection.alias):
        return func()


def _mongo_attempt[T](func: Callable[[], T], connection, deadline: float) -> T:
    """One MongoDB transaction: ``func``, then the commit (retried while its outcome is unknown)."""
    connection.start_transaction_mongo()
    connection.in_atomic_block_mongo = True
    try:
        result = func()
    except BaseException:
        connection.in_atomic_block_mongo = False
        connection.rollback_mongo()
        raise
    connection.in_atomic_block_mongo = False
    _commit(connection, deadline)
    return result


def _commit(connection, deadline: float) -> None:
    from pymongo.errors import PyMongoError

    session = connection.session
    commits = 1
    while True:
        try:
            session.commit_transaction()
            break
        except PyMongoError as exc:
            unknown = exc.has_error_label(UNKNOWN_COMMIT_LABEL)
            if unknown and commits < MAX_ATTEMPTS and time.monotonic() < deadline:
                commits += 1
                continue
            connection.run_on_commit = []
            connection._end_session()
            if unknown:
                raise CommitOutcomeUnknown("The commit's outcome is unknown.") from exc
            raise DatabaseError(f"commitTransaction failed: {exc}") from exc
    connection._end_session()
    # Django's admin wraps its views in ``transaction.atomic``, which means nothing on
    # MongoDB, but the commit hooks refuse to run while it is open.
    django_block, connection.in_atomic_block = connection.in_atomic_block, False
    try:
        connection.run_and_clear_commit_hooks()
    finally:
        connection.in_atomic_block = django_block
