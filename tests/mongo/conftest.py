"""Fixtures for the wire-contract tests; see ``tests.mongo.wire`` for how they run."""

import pytest

from tests.mongo.wire import WireServer, wire_server_key


def pytest_ignore_collect(collection_path, config):
    """Only the wire run (``-p tests.mongo.wire``) collects these tests."""
    if wire_server_key not in config.stash:
        return True
    return None


@pytest.fixture(scope="module")
def wire_server(request, django_db_blocker):
    """The session's server; this module's tests may talk to it (no test database is made)."""
    with django_db_blocker.unblock():
        yield request.config.stash[wire_server_key]


@pytest.fixture
def wire(wire_server) -> WireServer:
    wire_server.reset()
    return wire_server


@pytest.fixture(autouse=True)
def _tasks_kept_not_run(settings):
    """A request sends its task messages to SQS, not to the database: the wire contract is the
    request's own commands, so messages are kept in memory and run nowhere."""
    settings.TASKS_BACKEND = "memory"
