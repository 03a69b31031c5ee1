import pytest

from tests.factories import EventFactory
from tests.helpers import database_statements

pytestmark = pytest.mark.django_db


def count_list_queries(client, path: str, expected_events: int) -> int:
    with database_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200
    assert len(response.json()["events"]) == expected_events
    return len(statements)


@pytest.mark.parametrize("path", ["/events/all", "/events"])
def test_listing_runs_the_same_queries_for_1_and_50_events(auth_client, path, no_list_cache):
    EventFactory()
    with_one = count_list_queries(auth_client, path, 1)
    EventFactory.create_batch(49)

    assert count_list_queries(auth_client, path, 50) == with_one
