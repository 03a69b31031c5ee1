"""A write and the list cache's version change together: a failed invalidation never serves a
stale list, on either engine.

The version write is made to fail for real: on MongoDB the executing server refuses it, on
SQLite a trigger does.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from rest_framework.test import APIClient

from events.models import Event
from tests.factories import EventFactory
from tests.helpers import bearer_client, titles

VERSIONS = "events_eventsversion"
ALREADY_THERE_ON = datetime(2030, 6, 1, 9, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def refuse_version_writes(mongo_server):
    """Make every write of the events version fail until the returned function is called."""
    if connection.vendor == "mongodb":
        if mongo_server is None:
            pytest.skip("needs the executing MongoDB test server (fault injection)")
        for command in ("update", "insert"):
            mongo_server.inject(command, VERSIONS, times=None)
        return mongo_server.clear_faults
    with connection.cursor() as cursor:
        for action in ("INSERT", "UPDATE"):
            cursor.execute(
                f"CREATE TEMP TRIGGER refuse_version_{action.lower()} BEFORE {action} ON {VERSIONS} "
                "BEGIN SELECT RAISE(ABORT, 'version writes refused'); END"
            )

    def allow() -> None:
        with connection.cursor() as cursor:
            for action in ("insert", "update"):
                cursor.execute(f"DROP TRIGGER refuse_version_{action}")

    return allow


def stored_titles() -> list[str]:
    return list(Event.objects.order_by("date", "id").values_list("title", flat=True))


def create(client: APIClient, title: str, day: int):
    body = {"title": title, "date": f"2031-01-{day:02d}T10:00:00Z"}
    try:
        return client.post("/events/create", body, format="json").status_code
    except Exception:
        # SQLite: the trigger's error escapes the view as a 500.
        return 500


def test_a_create_whose_version_write_fails_is_not_stored_and_the_cached_list_stays_true(
    user, refuse_version_writes
):
    EventFactory(title="Already there", date=ALREADY_THERE_ON, created_by=user)
    client = bearer_client(user)
    assert titles(client) == ["Already there"]

    status = create(client, "Lost", day=1)

    assert status >= 500
    assert stored_titles() == ["Already there"]
    assert titles(client) == stored_titles()


def test_once_the_version_can_be_written_again_a_create_retires_the_cached_list(user, refuse_version_writes):
    EventFactory(title="Already there", date=ALREADY_THERE_ON, created_by=user)
    client = bearer_client(user)
    assert titles(client) == ["Already there"]
    create(client, "Lost", day=1)
    refuse_version_writes()

    status = create(client, "Kept", day=2)

    assert status == 201
    assert titles(client) == stored_titles() == ["Already there", "Kept"]
