"""One executing test server for ``test_server*.py`` and ``test_adapter.py``, reached with pymongo.

These tests talk to the server directly, with no Django database; each gets a database
of its own, so a test that leaves a transaction open does not hold up the next one.
"""

import itertools

import pytest
from pymongo import MongoClient

from tests.mongo_server.server import MongoServer

_database_names = (f"t{n}" for n in itertools.count())


@pytest.fixture(scope="session")
def server():
    server = MongoServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def mongo_client(server):
    client = MongoClient(server.url("t"), serverSelectionTimeoutMS=5000, socketTimeoutMS=5000)
    yield client
    client.close()


@pytest.fixture
def database(server, mongo_client):
    """A database of this test's own; no faults injected, no commands recorded."""
    server.clear_faults()
    server.clear_commands()
    yield mongo_client[next(_database_names)]
    server.clear_faults()
