"""Run the whole suite on MongoDB: ``python -m pytest -p tests.mongo_server.plugin``.

Django reads its settings once per process, before any conftest is loaded, so this
plugin points ``DATABASE_URL`` at MongoDB before pytest-django configures Django:

* ``MONGODB_URL`` set: that server (a real MongoDB replica set or Atlas cluster; tests
  that need to steer the server, such as fault injection, skip there);
* otherwise: the executing test server (``tests.mongo_server.server``) on loopback.

Django's test runner then creates ``test_<name>`` on it and migrates, as on SQL.
"""

from __future__ import annotations

import os

import pytest

from tests.mongo_server.server import MongoServer

DATABASE_NAME = "eventsite"
mongo_server_key = pytest.StashKey["MongoServer | None"]()


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """Start the server before pytest-django (a plain hook here) configures Django."""
    real = os.environ.get("MONGODB_URL")
    server = None
    if real:
        os.environ["DATABASE_URL"] = real
    else:
        # A transaction a test leaves open (a commit whose answer was lost) must not hold
        # its documents past the next test's start for MongoDB's 60 s.
        server = MongoServer(transaction_lifetime_seconds=2.0)
        server.start()
        early_config.add_cleanup(server.stop)
        os.environ["DATABASE_URL"] = server.url(DATABASE_NAME)
    os.environ.pop("DATABASE_OFFLINE", None)
    early_config.stash[mongo_server_key] = server
    return (yield)


# Packaging and transport, not data: the Lambda tests run the packaged app in its own
# process on its own SQLite file, and the browser tests drive those same servers.
SQLITE_ONLY = ("lambda", "browser")


def pytest_ignore_collect(collection_path, config):
    if mongo_server_key in config.stash and collection_path.name in SQLITE_ONLY:
        return collection_path.parent.name == "tests"
    return None


@pytest.fixture(autouse=True)
def _fresh_server_controls(request):
    """Each test starts with no injected faults and an empty command record."""
    server = request.config.stash[mongo_server_key]
    if server is not None:
        server.clear_faults()
        server.clear_commands()
    yield
    if server is not None:
        server.clear_faults()


# What ``migrate`` wrote once and no test changes: content types and permissions.
KEPT_BY_FLUSH = ("django_content_type", "auth_permission")


@pytest.fixture(scope="session", autouse=True)
def _flush_keeps_content_types_and_permissions(django_db_setup, django_db_blocker):
    """Between tests, flush every collection but the two ``migrate`` fills through ``post_migrate``.

    MongoDB takes no part in a test's rolled-back transaction, so Django flushes after every
    test and then sends ``post_migrate`` to make the content types and permissions again, most
    of a short test's time. Keeping those two collections
    makes the signal unnecessary; should a test change how many rows they hold, the next flush
    empties them too and sends it, as Django would.
    """
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.commands import flush

    def catalog() -> tuple[int, int]:
        return ContentType.objects.count(), Permission.objects.count()

    with django_db_blocker.unblock():
        made_by_migrate = catalog()
    original_sql_flush, original_emit = flush.sql_flush, flush.emit_post_migrate_signal
    kept = []

    def sql_flush(style, connection, **options):
        tables = original_sql_flush(style, connection, **options)
        kept[:] = [catalog() == made_by_migrate]
        return [table for table in tables if table not in KEPT_BY_FLUSH] if kept[0] else tables

    def emit_post_migrate_signal(*args, **kwargs):
        if not (kept and kept[0]):
            original_emit(*args, **kwargs)

    flush.sql_flush, flush.emit_post_migrate_signal = sql_flush, emit_post_migrate_signal
    yield
    flush.sql_flush, flush.emit_post_migrate_signal = original_sql_flush, original_emit
