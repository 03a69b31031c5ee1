"""Migration 0010 tickets the RSVPs made before tickets existed, once, and the API shows them.

The rows are written through the models as they were at 0009 (the migration state's), so the
test keeps working when later migrations add columns to today's models.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.events.tickets.conftest import ticket_of
from tests.factories import UserFactory

BEFORE = [("events", "0009_teams_and_tickets")]
AFTER = [("events", "0010_tickets_for_existing_rsvps")]


def models_at(target):
    """The events app's Event, Rsvp and Ticket as they were at ``target``."""
    apps = MigrationExecutor(connection).loader.project_state(target).apps
    return (apps.get_model("events", name) for name in ("Event", "Rsvp", "Ticket"))


def migrate(target=None) -> None:
    """To ``target``, or to the latest migrations."""
    executor = MigrationExecutor(connection)
    executor.migrate(target or executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_tickets():
    migrate(BEFORE)
    yield
    migrate()


@pytest.mark.django_db(transaction=True)
def test_every_rsvp_without_a_ticket_gets_one_and_a_ticketed_one_keeps_its_own(before_tickets):
    Event, Rsvp, Ticket = models_at(BEFORE)
    host, coming, waiting, ticketed = UserFactory.create_batch(4)
    event = Event.objects.create(
        title="Launch",
        date=datetime(2030, 1, 1, 9, tzinfo=UTC),
        capacity=1,
        going_count=1,
        created_by_id=host.pk,
    )
    going = Rsvp.objects.create(event=event, user_id=coming.pk, status="going")
    waitlisted = Rsvp.objects.create(event=event, user_id=waiting.pk, status="waitlisted")
    other = Event.objects.create(
        title="Other", date=datetime(2030, 2, 1, 9, tzinfo=UTC), created_by_id=host.pk
    )
    already = Ticket.objects.create(
        code="kept-code",
        rsvp=Rsvp.objects.create(event=other, user_id=ticketed.pk, status="going"),
        event=other,
        holder_id=ticketed.pk,
    )

    migrate(AFTER)

    _, _, Ticket = models_at(AFTER)
    tickets = {ticket.rsvp_id: ticket for ticket in Ticket.objects.all()}
    assert set(tickets) == {going.pk, waitlisted.pk, already.rsvp_id}
    assert tickets[already.rsvp_id].code == "kept-code"
    assert (tickets[going.pk].holder_id, tickets[going.pk].event_id) == (coming.pk, event.pk)
    assert tickets[going.pk].code != tickets[waitlisted.pk].code
    migrate()
    assert ticket_of(coming, event)["code"] == tickets[going.pk].code
