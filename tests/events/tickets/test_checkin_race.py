"""Concurrent check-ins of one code: exactly one is admitted (one conditional update), on every engine."""

from collections import Counter

import pytest

from tests.events.tickets.checkin_setup import checker_of
from tests.factories import TicketFactory
from tests.helpers import run_race, shared_database_url

DOORS = 8


@pytest.mark.django_db
@pytest.mark.parametrize("keyed", [False, True], ids=["plain", "each-with-an-idempotency-key"])
def test_concurrent_scans_of_one_ticket_admit_it_exactly_once(tmp_path, mongo_server, keyed):
    database_url = shared_database_url(mongo_server)
    if database_url is None:
        people = ["--create", DOORS]
    else:
        ticket = TicketFactory()
        people = [ticket.pk, *(checker_of(ticket.event).pk for _ in range(DOORS))]

    flags = ["--idempotency-keys"] if keyed else []
    module = "tests.events.tickets.checkin_race"
    result = run_race(module, tmp_path, *flags, *people, database_url=database_url)

    assert Counter(map(tuple, result["answers"])) == {(200, None): 1, (409, "already_checked_in"): DOORS - 1}
    assert result["checkedIn"]
