"""Capacity holds under concurrent RSVPs (one conditional update per seat), on every engine."""

from collections import Counter

import pytest

from tests.helpers import rsvp_race

ATTENDEES = 16
CAPACITY = 3


@pytest.mark.django_db
def test_concurrent_rsvps_never_overbook_an_event(tmp_path, mongo_server):
    result = rsvp_race(tmp_path, mongo_server, attendees=ATTENDEES, capacity=CAPACITY)

    assert Counter(map(tuple, result["answers"])) == {
        (201, "going"): CAPACITY,
        (201, "waitlisted"): ATTENDEES - CAPACITY,
    }
    assert Counter(result["stored"]) == {"going": CAPACITY, "waitlisted": ATTENDEES - CAPACITY}
    assert result["goingCount"] == CAPACITY
