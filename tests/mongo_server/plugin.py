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
