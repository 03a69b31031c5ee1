"""All-or-nothing writes on every engine.

``django.db.transaction.atomic`` does nothing on MongoDB (the backend reports no
transaction support), so multi-document writes that must not half-happen go
through ``atomic()`` here: a MongoDB transaction (Atlas is a replica set) on
MongoDB, Django's own on SQL.
"""

from collections.abc import Callable
from contextlib import nullcontext

from django.db import DEFAULT_DB_ALIAS, connections, transaction


def atomic(using: str = DEFAULT_DB_ALIAS):
    if connections[using].vendor == "mongodb":
        return _MongoAtomic(using)
    return transaction.atomic(using)


def sql_atomic(using: str = DEFAULT_DB_ALIAS):
    """Django's ``atomic()`` on SQL, nothing on MongoDB.

    For a write that is one document on MongoDB, atomic by itself there, but wants a
    transaction on SQL: one commit for two statements, or a savepoint that an
    ``IntegrityError`` can roll back without spoiling an enclosing transaction.
    """
    if connections[using].vendor == "mongodb":
        return nullcontext()
    return transaction.atomic(using)


class _MongoAtomic:
    """django-mongodb-backend's ``atomic()``, usable inside Django's own atomic blocks too.

    Django's ``transaction.atomic`` does nothing on MongoDB, yet the admin wraps its
    views in it; the backend's commit then refuses to run the on-commit callbacks while
    that block is open ("forbidden when an 'atomic' block is active") and fails the
    request after the MongoDB transaction has committed. The flag means nothing to
    MongoDB, so it is lifted while the transaction ends.
    """

    def __init__(self, using: str):
        from django_mongodb_backend import transaction as mongo_transaction

        self.using = using
        self.transaction = mongo_transaction.atomic(using)

    def __enter__(self) -> None:
        self.transaction.__enter__()

    def __exit__(self, *exc_info) -> None:
        connection = connections[self.using]
        django_block, connection.in_atomic_block = connection.in_atomic_block, False
        try:
            self.transaction.__exit__(*exc_info)
        finally:
            connection.in_atomic_block = django_block


def after_write(func: Callable[[], object], using: str = DEFAULT_DB_ALIAS) -> None:
    """Run ``func``, a small follow-up write, so that it never outlives a rolled-back write.

    SQL: at once, inside the enclosing transaction, so it commits or rolls back with it.
    MongoDB: once the enclosing ``atomic()`` has committed (at once outside one), once
    per transaction however often it is asked for: two transactions writing the same
    document abort each other there, so a write that every writer makes stays out of
    them. The data is committed by then, so a failure is logged, not raised.
    """
    connection = connections[using]
    if connection.vendor != "mongodb":
        func()
    elif all(queued is not func for _, queued, _ in connection.run_on_commit):
        connection.on_commit(func, robust=True)
