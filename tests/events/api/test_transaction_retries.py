"""RSVPs are one unit of work: MongoDB's transient transaction errors are retried, within bounds.

The faults are injected by the executing MongoDB test server; SQL has no such errors to
inject, so these tests run on the MongoDB run only.
"""

from collections import Counter

import pytest

from events.models import Event, Rsvp
from tests.factories import EventFactory, UserFactory
from tests.helpers import assert_error, rsvp_path, run_race, shared_database_url

EVENTS = "events_event"
pytestmark = pytest.mark.django_db


@pytest.fixture
def server(mongo_server):
    if mongo_server is None:
        pytest.skip("needs the executing MongoDB test server (fault injection)")
    return mongo_server


def stored(event: Event) -> tuple[int, list[str]]:
    event.refresh_from_db(fields=["going_count"])
    return event.going_count, list(Rsvp.objects.filter(event=event).values_list("status", flat=True))


def test_an_rsvp_survives_a_write_conflict_on_its_seat_update(server, auth_client):
    event = EventFactory(capacity=2)
    server.inject("update", EVENTS, in_transaction=True)

    response = auth_client.post(rsvp_path(event))

    assert response.status_code == 201, response.content
    assert response.json()["rsvp"]["status"] == "going"
    assert stored(event) == (1, ["going"])
    # The seat update was sent twice: once refused, once in the transaction that committed.
    assert len(server.sent("update", EVENTS)) == 2


def test_an_rsvp_survives_a_commit_whose_outcome_was_lost(server, auth_client):
    event = EventFactory(capacity=2)
    server.inject("commitTransaction", error="UnknownTransactionCommitResult")

    response = auth_client.post(rsvp_path(event))

    assert response.status_code == 201, response.content
    assert stored(event) == (1, ["going"])
    assert len(server.sent("commitTransaction")) >= 2
    assert server.open_transactions() == []


def test_a_commit_whose_outcome_stays_unknown_answers_503_saying_so(server, auth_client):
    event = EventFactory(capacity=2)
    server.inject("commitTransaction", error="UnknownTransactionCommitResult", times=None)

    response = auth_client.post(rsvp_path(event))

    body = assert_error(response, 503, "commit_outcome_unknown")
    assert "may or may not" in body["message"]
    # The server never committed it (it aborts the transaction when its lifetime ends).
    assert stored(event) == (0, [])


def test_an_rsvp_whose_retries_run_out_answers_503_with_retry_after_and_writes_nothing(server, auth_client):
    event = EventFactory(capacity=2)
    server.inject("update", EVENTS, in_transaction=True, times=None)

    response = auth_client.post(rsvp_path(event))

    body = assert_error(response, 503, "transaction_conflict")
    assert "nothing was written" in body["message"]
    assert int(response["Retry-After"]) >= 1
    assert stored(event) == (0, [])
    assert server.open_transactions() == []


def test_an_idempotent_rsvp_is_retried_whole_and_stored_once(server, auth_client):
    event = EventFactory(capacity=2)
    server.inject("update", EVENTS, in_transaction=True)

    first = auth_client.post(rsvp_path(event), HTTP_IDEMPOTENCY_KEY="rsvp-retried")
    again = auth_client.post(rsvp_path(event), HTTP_IDEMPOTENCY_KEY="rsvp-retried")

    assert first.status_code == 201, first.content
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert stored(event) == (1, ["going"])


def test_concurrent_rsvps_under_frequent_conflicts_fill_exactly_the_capacity(server, tmp_path):
    attendees, capacity = 12, 4
    event = EventFactory(capacity=capacity)
    people = [event.pk, *(user.pk for user in UserFactory.create_batch(attendees))]
    # One transactional update in five conflicts, on top of the conflicts the race makes.
    server.inject("update", in_transaction=True, rate=0.2, times=None)

    result = run_race(
        "tests.events.api.rsvp_race", tmp_path, *people, database_url=shared_database_url(server)
    )

    assert Counter(map(tuple, result["answers"])) == {
        (201, "going"): capacity,
        (201, "waitlisted"): attendees - capacity,
    }
    assert Counter(result["stored"]) == {"going": capacity, "waitlisted": attendees - capacity}
    assert result["goingCount"] == capacity
