"""``GET /events/{eventId}/ticket``: every RSVP gets a ticket, shown to its holder while going."""

import pytest

from events.models import Rsvp, Ticket
from tests.events.tickets.conftest import rsvp, ticket_of, ticket_path, withdraw
from tests.factories import EventFactory, RsvpFactory, UserFactory
from tests.helpers import assert_error, bearer_client

pytestmark = pytest.mark.django_db


def test_an_rsvp_is_issued_a_ticket_its_holder_sees_with_the_event_and_themselves(attendee):
    event = EventFactory(title="Launch", location="Hall A", time_zone="Europe/Berlin", capacity=3)
    made = rsvp(attendee, event)

    response = bearer_client(attendee).get(ticket_path(event))

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    body = response.json()
    assert body["message"] == "Ticket retrieved"
    stored = Ticket.objects.get(rsvp_id=made["rsvpId"])
    assert body["ticket"] == {
        "code": stored.code,
        "status": "valid",
        "checkedInAt": None,
        "event": {
            "eventId": str(event.pk),
            "title": "Launch",
            "date": f"{event.date:%Y-%m-%dT%H:%M:%S}.000Z",
            "endDate": None,
            "timezone": "Europe/Berlin",
            "location": "Hall A",
        },
        "holder": {"userId": str(attendee.pk), "name": "Ada Attendee"},
    }
    assert (stored.event_id, stored.holder_id, stored.voided_at) == (event.pk, attendee.pk, None)


def test_ticket_codes_are_long_random_and_differ_between_attendees(attendee):
    event = EventFactory()
    other = UserFactory()
    rsvp(attendee, event)
    rsvp(other, event)

    codes = {ticket_of(attendee, event)["code"], ticket_of(other, event)["code"]}

    assert len(codes) == 2
    assert all(len(code) >= 22 and str(event.pk) not in code for code in codes)


def test_a_checked_in_ticket_shows_when(attendee):
    event = EventFactory()
    rsvp(attendee, event)
    Ticket.objects.filter(holder=attendee).update(checked_in_at="2030-01-01T09:05:00Z")

    ticket = ticket_of(attendee, event)

    assert (ticket["status"], ticket["checkedInAt"]) == ("checked_in", "2030-01-01T09:05:00.000Z")


def test_a_waitlisted_rsvp_has_a_reserved_ticket_that_answers_409_until_promoted(attendee):
    event = EventFactory(capacity=1)
    holder = UserFactory()
    rsvp(holder, event)
    assert rsvp(attendee, event)["status"] == "waitlisted"

    waiting = bearer_client(attendee).get(ticket_path(event))

    assert_error(waiting, 409, "rsvp_waitlisted")
    assert waiting["Cache-Control"] == "private, no-store"
    reserved = Ticket.objects.get(holder=attendee, event=event)
    withdraw(holder, event)
    assert Rsvp.objects.get(user=attendee, event=event).status == Rsvp.Status.GOING
    promoted = ticket_of(attendee, event)
    assert (promoted["code"], promoted["status"]) == (reserved.code, "valid")


def test_withdrawing_voids_the_ticket_and_a_new_rsvp_gets_a_new_code(attendee):
    event = EventFactory()
    first = ticket_of_after_rsvp(attendee, event)

    withdraw(attendee, event)

    voided = Ticket.objects.get(code=first)
    assert voided.voided_at is not None and voided.rsvp_id is None
    assert_error(bearer_client(attendee).get(ticket_path(event)), 404, "not_found")
    second = ticket_of_after_rsvp(attendee, event)
    assert second != first
    assert Ticket.objects.filter(holder=attendee, event=event).count() == 2


def ticket_of_after_rsvp(user, event) -> str:
    rsvp(user, event)
    return ticket_of(user, event)["code"]


def test_deleting_ones_account_voids_ones_tickets_before_the_rsvps_go(attendee):
    event = EventFactory(capacity=1)
    waiting = UserFactory()
    rsvp(attendee, event)
    rsvp(waiting, event)
    from events.services import rsvps_withdraw_for_deletion

    rsvps_withdraw_for_deletion(users=[attendee])

    assert Ticket.objects.get(holder=attendee).voided_at is not None
    assert ticket_of(waiting, event)["status"] == "valid"


def test_someone_without_an_rsvp_cannot_see_anothers_ticket(attendee):
    event = EventFactory()
    rsvp(attendee, event)
    stranger = UserFactory()

    response = bearer_client(stranger).get(ticket_path(event))

    body = assert_error(response, 404, "not_found")
    assert Ticket.objects.get(holder=attendee).code not in response.content.decode()
    assert body["message"] == "You have no RSVP for this event."


def test_each_caller_sees_their_own_ticket(attendee):
    event = EventFactory()
    other = UserFactory()
    rsvp(attendee, event)
    rsvp(other, event)

    mine, theirs = ticket_of(attendee, event), ticket_of(other, event)

    assert mine["holder"]["userId"] == str(attendee.pk)
    assert theirs["holder"]["userId"] == str(other.pk)
    assert mine["code"] != theirs["code"]


@pytest.mark.parametrize("event_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_event_is_a_json_404(attendee, event_id):
    assert_error(bearer_client(attendee).get(f"/events/{event_id}/ticket"), 404, "not_found")


def test_the_ticket_needs_a_bearer_token(api_client):
    event = EventFactory()
    RsvpFactory(event=event)

    assert_error(api_client.get(ticket_path(event)), 401)
