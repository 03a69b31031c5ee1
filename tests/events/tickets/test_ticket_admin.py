"""The admin's ticket list: who holds which ticket and in what state, read-only."""

import pytest

from events.models import Ticket
from tests.events.tickets.conftest import rsvp, withdraw
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/events/ticket/"


@pytest.fixture
def tickets(attendee):
    """A valid ticket (the attendee's), a waitlisted one and a void one, for one event."""
    event = EventFactory(title="Launch", capacity=2)
    waiting, leaving = UserFactory(email="waiting@example.com"), UserFactory(email="leaving@example.com")
    rsvp(attendee, event)
    rsvp(leaving, event)
    rsvp(waiting, event)
    withdraw(leaving, event)
    rsvp(UserFactory(email="late@example.com"), event)
    return event


def holders(response) -> set[str]:
    """The holders' emails of the tickets the change list shows."""
    assert response.status_code == 200
    return {ticket.holder.email for ticket in response.context["cl"].result_list}


def test_the_ticket_list_shows_holder_event_and_state(admin_site_client, tickets, attendee):
    response = admin_site_client.get(CHANGELIST)

    assert response.status_code == 200
    content = response.content.decode()
    assert attendee.email in content and "Launch" in content
    assert ">void<" in content and ">waitlisted<" in content and ">valid<" in content


@pytest.mark.parametrize(
    ("state", "emails"),
    [
        ("valid", {"ada@example.com", "waiting@example.com"}),
        ("waitlisted", {"late@example.com"}),
        ("void", {"leaving@example.com"}),
        ("checked in", set()),
    ],
)
def test_the_state_filter_keeps_only_tickets_in_that_state(admin_site_client, tickets, state, emails):
    assert holders(admin_site_client.get(CHANGELIST, {"state": state})) == emails


def test_search_finds_a_ticket_by_its_exact_code_or_the_holders_email(admin_site_client, tickets, attendee):
    code = Ticket.objects.get(holder=attendee).code

    by_code = admin_site_client.get(CHANGELIST, {"q": code})
    by_email = admin_site_client.get(CHANGELIST, {"q": "waiting@"})

    assert holders(by_code) == {attendee.email}
    assert holders(by_email) == {"waiting@example.com"}


def test_a_ticket_page_is_read_only_and_tickets_cannot_be_added_or_deleted_alone(
    admin_site_client, tickets, attendee
):
    ticket = Ticket.objects.get(holder=attendee)

    page = admin_site_client.get(f"{CHANGELIST}{ticket.pk}/change/")

    assert page.status_code == 200
    assert ticket.code in page.content.decode()
    assert b"View ticket" in page.content and b'name="code"' not in page.content
    assert f"{ticket.pk}/delete/" not in page.content.decode()
    assert "delete_selected" not in admin_site_client.get(CHANGELIST).content.decode()
    assert admin_site_client.post(f"{CHANGELIST}{ticket.pk}/change/", {"voided_at": ""}).status_code == 403
    assert admin_site_client.get(f"{CHANGELIST}add/").status_code == 403
    assert admin_site_client.post(f"{CHANGELIST}{ticket.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def test_deleting_an_event_in_the_admin_deletes_its_tickets(admin_site_client, tickets):
    response = admin_site_client.post(f"/admin/events/event/{tickets.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Ticket.objects.exists()
