"""A real ``redis-server`` and two site processes sharing it (and one SQLite file).

The binary is Debian's ``redis-server`` (``apt-get install redis-server``, as ``.ci/run`` does).
Without it these tests skip on a local run, and fail under ``CI=true``: CI must not skip them.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.servers import RedisServer, SiteServer, migrated_sqlite, redis_server_binary

# Generous limits everywhere but where a test sets its own: the tests register users and write
# from one loopback address, and the throttles and register locks would count those.
SITE_ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "BCRYPT_ROUNDS": "4",
    "EMAIL_BACKEND": "locmem",
    "AUTH_THROTTLE_RATE": "100000/min",
    "THROTTLE_ANON_RATE": "100000/min",
    "THROTTLE_USER_RATE": "100000/min",
    "REGISTER_CLIENT_ATTEMPTS": "100000",
}


def pytest_ignore_collect(collection_path, config):
    """SQLite runs only, like tests/lambda and tests/browser: the site processes run on a SQLite
    file of their own whatever the run's engine, so the MongoDB run would only repeat them."""
    from tests.mongo_server.plugin import mongo_server_key

    return True if mongo_server_key in config.stash else None


def site_environment(**variables: str) -> dict[str, str]:
    env = {**os.environ, **SITE_ENVIRONMENT, "DJANGO_SECRET_KEY": secrets.token_urlsafe(32), **variables}
    env.pop("DATABASE_OFFLINE", None)
    return env


@pytest.fixture(scope="session")
def redis_binary() -> str:
    binary = redis_server_binary()
    if binary is None:
        message = "redis-server is missing: install Debian's redis-server (apt-get install redis-server)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; .ci/run installs it, so CI must not skip the Redis tests")
        pytest.skip(f"{message} (skipped for a local run only; CI fails instead)")
    return binary


@pytest.fixture
def redis_server(redis_binary, tmp_path) -> Iterator[RedisServer]:
    """A Redis of this test's own, empty, on a free loopback port; stopped when it ends."""
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(redis_binary, folder)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """A migrated SQLite file, made once: each test works on a copy."""
    return migrated_sqlite(tmp_path_factory.mktemp("redis-sites") / "migrated.sqlite3", site_environment())


@pytest.fixture
def start_sites(redis_server, migrated_database, tmp_path) -> Iterator[Callable[..., tuple[SiteServer, ...]]]:
    """``start_sites(**variables)``: two site processes on one database and ``redis_server``,
    with ``variables`` added to their environment; stopped when the test ends."""
    started: list[SiteServer] = []

    def start(**variables: str) -> tuple[SiteServer, ...]:
        database = tmp_path / "site.sqlite3"
        shutil.copyfile(migrated_database, database)
        env = site_environment(DATABASE_URL=f"sqlite:///{database}", CACHE_URL=redis_server.url, **variables)
        sites = (SiteServer("a", tmp_path, env), SiteServer("b", tmp_path, env))
        started.extend(sites)
        for site in sites:
            site.start()
        for site in sites:
            site.wait_until_up()
        return sites

    yield start
    for site in started:
        site.stop()
