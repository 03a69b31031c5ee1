"""Turn ``DATABASE_URL`` into Django's ``DATABASES`` entry.

This is the single place that decides which engine serves the project; the
settings module only reads its result.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

import dj_database_url

from eventsite.conf import environ

MONGODB_SCHEMES = ("mongodb://", "mongodb+srv://")

# Client options for Lambda: a dead cluster must fail well inside API Gateway's 29 s
# (the API answers 503), never hang. Options written in the URL win over these.
MONGODB_CLIENT_DEFAULTS = {
    "serverSelectionTimeoutMS": 5000,
    "connectTimeoutMS": 5000,
    "socketTimeoutMS": 20000,
    # Atlas' guidance for Lambda: close connections idle for a minute. A container is frozen
    # between invocations with its sockets open, and the cluster or a NAT gateway may drop
    # them meanwhile; after a pause of a minute or more the driver opens a new connection
    # instead of waiting on a dead one until socketTimeoutMS.
    "maxIdleTimeMS": 60000,
    "appname": "eventsite",
}

# The local SQLite database: write-ahead logging lets readers go on while a write commits
# (gunicorn's workers, runserver's threads), and with it synchronous=NORMAL syncs the log at
# checkpoints instead of at every commit. A power cut may lose the last commits, never the
# file's integrity: right for the development database, and production runs on MongoDB.
# Transactions begin IMMEDIATE, taking the write lock at BEGIN, where a busy writer makes them
# wait (up to the 5 s timeout). A DEFERRED transaction reads first and asks for the lock at its
# first write; if another writer committed meanwhile, SQLite refuses at once ("database is
# locked"), since its snapshot is stale, without waiting. Read-only atomic blocks queue for the
# lock too; the project's atomic blocks are writes (units of work, the admin's edits).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
}


class DatabaseProfile(NamedTuple):
    """The database chosen by ``DATABASE_URL`` and what follows from it."""

    default: dict
    is_mongodb: bool

    # Contrib apps with AutoField models get ObjectId keys and their own committed
    # migrations on MongoDB; project models all have explicit UUID keys and serve both engines.
    @property
    def default_auto_field(self) -> str:
        if self.is_mongodb:
            return "django_mongodb_backend.fields.ObjectIdAutoField"
        return "django.db.models.BigAutoField"

    @property
    def contrib_apps(self) -> list[str]:
        if self.is_mongodb:
            return [
                "eventsite.runtime.mongo_apps.MongoAdminConfig",
                "eventsite.runtime.mongo_apps.MongoAuthConfig",
                "eventsite.runtime.mongo_apps.MongoContentTypesConfig",
            ]
        return [
            "eventsite.runtime.lazy_admin.LazyAdminConfig",
            "django.contrib.auth",
            "django.contrib.contenttypes",
        ]

    @property
    def backend_apps(self) -> list[str]:
        return ["django_mongodb_backend"] if self.is_mongodb else []

    @property
    def migration_modules(self) -> dict[str, str]:
        """Empty (Django's default) for SQL engines."""
        if not self.is_mongodb:
            return {}
        return {app: f"eventsite.runtime.mongo_migrations.{app}" for app in ("admin", "auth", "contenttypes")}


def url_from_environ(base_dir: Path) -> str:
    """``DATABASE_URL``; unset, the SQLite file in the project folder."""
    return environ.text("DATABASE_URL") or f"sqlite:///{base_dir / 'db.sqlite3'}"


def profile_from_environ(url: str) -> DatabaseProfile:
    """The profile of ``url``; ``DATABASE_OFFLINE`` keeps MongoDB on the dummy engine."""
    try:
        return database_profile(url, offline=environ.boolean("DATABASE_OFFLINE", False))
    except ValueError as exc:
        environ.fail(str(exc))


def database_profile(url: str, *, offline: bool = False) -> DatabaseProfile:
    """Parse ``url`` (``sqlite:///…``, ``postgres://…``, ``mongodb://…``, ``mongodb+srv://…``).

    ``offline`` keeps the MongoDB profile (apps, migrations) on Django's dummy
    engine, for commands that need no server such as ``makemigrations --check``.
    """
    if url.startswith(MONGODB_SCHEMES):
        default = {"ENGINE": "django.db.backends.dummy"} if offline else _mongodb_settings(url)
        return DatabaseProfile(default=default, is_mongodb=True)
    default = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if default["ENGINE"] == "django.db.backends.sqlite3":
        default.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return DatabaseProfile(default=default, is_mongodb=False)


def _mongodb_settings(url: str) -> dict:
    """The URL goes to ``MongoClient`` whole (hosts, credentials, TLS, options).

    The database name is read from the path here, so a ``+srv`` URL needs no DNS
    lookup at start-up. The backend keeps one ``MongoClient`` per process and
    never closes it between requests: one client per Lambda container.
    """
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ValueError(
            "DATABASE_URL for MongoDB must name the database in its path, "
            "e.g. mongodb+srv://user:password@cluster.example.net/eventsite"
        )
    given = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    options = {key: value for key, value in MONGODB_CLIENT_DEFAULTS.items() if key.lower() not in given}
    return {"ENGINE": "django_mongodb_backend", "HOST": url, "NAME": name, "OPTIONS": options}
