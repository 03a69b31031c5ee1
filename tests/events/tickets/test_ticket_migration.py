"""Migration 0010 tickets the RSVPs made before tickets existed, once, and the API shows them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Rsvp, Ticket
from tests.events.tickets.conftest import ticket_of
from tests.factories import EventFactory, RsvpFactory, TicketFactory

BEFORE = [("events", "0009_teams_and_tickets")]
AFTER = [("events", "0010_tickets_for_existing_rsvps")]


@pytest.fixture
def before_tickets():
    """The schema before 0010 (data only, so today's models still fit); migrated forward after."""
    MigrationExecutor(connection).migrate(BEFORE)
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_every_rsvp_without_a_ticket_gets_one_and_a_ticketed_one_keeps_its_own(before_tickets):
    event = EventFactory(capacity=1)
    going = RsvpFactory(event=event)
    waiting = RsvpFactory(event=event, status=Rsvp.Status.WAITLISTED)
    already = TicketFactory(rsvp=RsvpFactory())

    MigrationExecutor(connection).migrate(AFTER)

    tickets = {ticket.rsvp_id: ticket for ticket in Ticket.objects.all()}
    assert set(tickets) == {going.pk, waiting.pk, already.rsvp_id}
    assert tickets[already.rsvp_id].code == already.code
    assert (tickets[going.pk].holder_id, tickets[going.pk].event_id) == (going.user_id, event.pk)
    assert tickets[going.pk].code != tickets[waiting.pk].code
    assert ticket_of(going.user, event)["code"] == tickets[going.pk].code
