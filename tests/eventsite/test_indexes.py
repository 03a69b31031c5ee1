"""Every equality lookup the code makes has a plain index to use, on both engines.

django-mongodb-backend 5.2 builds unique constraints (``unique=True``, ``UniqueConstraint``,
the UUID primary key, stored as the field ``id``) as partial indexes filtered on ``$type``.
MongoDB's planner uses a partial index only when the query implies its filter, which
``{field: value}`` does not, so each of these lookups needs an index of its own. On MongoDB
the indexes are read from the server over the wire (``listIndexes``); on SQLite through
Django's introspection.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection

from accounts.models import AuthFailureCounter, RevokedToken, User
from events.models import CalendarFeed, Event, EventsVersion, Rsvp
from eventsite.api.models import IdempotencyKey

pytestmark = pytest.mark.django_db

# (model, fields looked up by equality, where): docs/mongodb.md, "Indexes by query".
LOOKUPS = [
    (User, ["id"], "JWT authentication, token refresh, password reset confirm, joins"),
    (User, ["email"], "login, register, password reset request, import_legacy, seed_demo"),
    (RevokedToken, ["id"], "admin, deletion"),
    (RevokedToken, ["jti"], "token refresh (revoked?)"),
    (IdempotencyKey, ["id"], "idempotency: storing and deleting the claimed answer"),
    (IdempotencyKey, ["scope"], "idempotency: the stored answer for a key"),
    (AuthFailureCounter, ["id"], "lockout: conditional updates of one counter"),
    (AuthFailureCounter, ["key"], "lockout: locked?, counting a failure"),
    (Event, ["id"], "event detail, RSVP, update, delete, seat updates, joins"),
    (Rsvp, ["id"], "withdrawal, waitlist promotion"),
    (Rsvp, ["event", "user"], "RSVP create and withdraw: the caller's RSVP to an event"),
    (CalendarFeed, ["id"], "calendar key rotation"),
    (CalendarFeed, ["key"], "calendar.ics feed"),
    (CalendarFeed, ["user"], "calendar key get, rotate, revoke; user deletion"),
    (EventsVersion, ["id"], "every write that a list shows: one shard's new token"),
    (Session, ["session_key"], "every session-authenticated request (admin, browsable API)"),
    (ContentType, ["app_label", "model"], "admin, migrations: a model's content type"),
    (Permission, ["content_type", "codename"], "admin, migrations: a permission"),
]


def plain_index_keys(table: str) -> list[list[str]]:
    """The column lists of the table's indexes that have no filter."""
    if connection.vendor == "mongodb":
        return [
            list(index["key"])
            for index in connection.database[table].list_indexes()
            if "partialFilterExpression" not in index
        ]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        keys = []
        for name, constraint in constraints.items():
            if constraint["primary_key"]:
                # SQLite keys every table by its primary key; no filter applies.
                keys.append(constraint["columns"])
                continue
            if not constraint["index"]:
                continue
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s", [name])
            (definition,) = cursor.fetchone()
            if " WHERE " not in definition.upper():
                keys.append(constraint["columns"])
        return keys


@pytest.mark.parametrize(
    ("model", "fields"),
    [(model, fields) for model, fields, _ in LOOKUPS],
    ids=[f"{model._meta.db_table}.{'+'.join(fields)}" for model, fields, _ in LOOKUPS],
)
def test_each_equality_lookup_has_an_index_without_a_filter(model, fields):
    columns = [model._meta.get_field(name).column for name in fields]

    keys = plain_index_keys(model._meta.db_table)

    assert [key for key in keys if key[: len(columns)] == columns], keys
