"""Capacity holds under concurrent RSVPs (one conditional update per seat), on every engine."""

from collections import Counter

import pytest

from tests.factories import EventFactory, UserFactory
from tests.helpers import run_race, shared_database_url

ATTENDEES = 16
CAPACITY = 3


@pytest.mark.django_db
def test_concurrent_rsvps_never_overbook_an_event(tmp_path, mongo_server):
    database_url = shared_database_url(mongo_server)
    if database_url is None:
        people = ["--create", ATTENDEES, CAPACITY]
    else:
        event = EventFactory(capacity=CAPACITY)
        people = [event.pk, *(user.pk for user in UserFactory.create_batch(ATTENDEES))]

    result = run_race("tests.events.features.rsvp_race", tmp_path, *people, database_url=database_url)

    assert Counter(map(tuple, result["answers"])) == {
        (201, "going"): CAPACITY,
        (201, "waitlisted"): ATTENDEES - CAPACITY,
    }
    assert Counter(result["stored"]) == {"going": CAPACITY, "waitlisted": ATTENDEES - CAPACITY}
    assert result["goingCount"] == CAPACITY
