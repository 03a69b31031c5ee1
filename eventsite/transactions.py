"""All-or-nothing writes on every engine.

``django.db.transaction.atomic`` does nothing on MongoDB (the backend reports no
transaction support), so multi-document writes that must not half-happen go
through ``atomic()`` here: a MongoDB transaction (Atlas is a replica set) on
MongoDB, Django's own on SQL.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction


def atomic(using: str = DEFAULT_DB_ALIAS):
    if connections[using].vendor == "mongodb":
        from django_mongodb_backend import transaction as mongo_transaction

        return mongo_transaction.atomic(using)
    return transaction.atomic(using)
