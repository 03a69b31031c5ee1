"""POST /events/{eventId}/checkin admits a ticket's holder once; DELETE …/{code} undoes it."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from events.models import Rsvp, Ticket
from tests.events.tickets.checkin_setup import checker_of, checkin_path, ticket_for
from tests.factories import EventFactory, TicketFactory, UserFactory
from tests.helpers import assert_error, assert_field_errors, bearer_client

pytestmark = pytest.mark.django_db

FIRST_CHECK_IN = datetime(2030, 1, 5, 18, 30, 15, 123000, tzinfo=UTC)


@pytest.fixture
def door(event):
    """The client of a checker of ``event``, and the checker."""
    checker = checker_of(event)
    return bearer_client(checker), checker


def test_a_checker_checks_a_ticket_in_and_sees_who_came(door, event):
    client, checker = door
    ticket = ticket_for(event, user=UserFactory(name="Ada Lovelace", email="ada@example.com"))

    response = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    ticket.refresh_from_db()
    assert body == {
        "message": "Checked in",
        "checkIn": {
            "code": ticket.code,
            "checkedInAt": ticket.checked_in_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "attendee": {"userId": str(ticket.holder_id), "name": "Ada Lovelace", "email": "ada@example.com"},
            "checkedInBy": {"userId": str(checker.pk), "name": checker.name},
        },
    }
    assert ticket.checked_in_by == checker


def test_a_second_check_in_is_refused_with_the_time_of_the_first(door, event):
    client, _ = door
    ticket = ticket_for(event)
    Ticket.objects.filter(pk=ticket.pk).update(checked_in_at=FIRST_CHECK_IN)

    response = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "already_checked_in"
    assert body["checkedInAt"] == "2030-01-05T18:30:15.123Z"
    assert "2030-01-05T18:30:15.123Z" in body["message"]
    assert set(body) == {"message", "code", "checkedInAt"}
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at == FIRST_CHECK_IN


def test_the_409_after_a_check_in_gives_the_time_the_first_answer_gave(door, event):
    client, _ = door
    ticket = ticket_for(event)
    first = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    again = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    assert again.status_code == 409
    assert again.json()["checkedInAt"] == first.json()["checkIn"]["checkedInAt"]


def test_a_retry_with_the_same_idempotency_key_replays_the_first_success(door, event):
    client, _ = door
    ticket = ticket_for(event)
    headers = {"HTTP_IDEMPOTENCY_KEY": "door-1-scan-17"}
    first = client.post(checkin_path(event), {"code": ticket.code}, format="json", **headers)

    retry = client.post(checkin_path(event), {"code": ticket.code}, format="json", **headers)

    assert first.status_code == 200, first.content
    assert retry.status_code == 200, retry.content
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()


def test_a_new_scan_without_the_key_is_told_the_ticket_was_used(door, event):
    client, _ = door
    ticket = ticket_for(event)
    client.post(checkin_path(event), {"code": ticket.code}, format="json", HTTP_IDEMPOTENCY_KEY="scan-1")

    other_scan = client.post(
        checkin_path(event), {"code": ticket.code}, format="json", HTTP_IDEMPOTENCY_KEY="scan-2"
    )

    assert other_scan.status_code == 409
    assert other_scan.json()["code"] == "already_checked_in"


def test_an_unknown_code_and_another_events_code_get_the_same_404(door, event):
    client, _ = door
    elsewhere = TicketFactory()

    unknown = client.post(checkin_path(event), {"code": "no-such-code"}, format="json")
    foreign = client.post(checkin_path(event), {"code": elsewhere.code}, format="json")

    assert assert_error(unknown, 404, "ticket_not_found") == assert_error(foreign, 404, "ticket_not_found")
    assert Ticket.objects.get(pk=elsewhere.pk).checked_in_at is None


def test_a_waitlisted_holder_cannot_check_in(door, event):
    client, _ = door
    ticket = ticket_for(event, status=Rsvp.Status.WAITLISTED)

    response = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    assert_error(response, 409, "rsvp_waitlisted")
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None


def test_a_ticket_voided_with_its_withdrawn_rsvp_cannot_check_in(door, event):
    client, _ = door
    ticket = ticket_for(event)
    Rsvp.objects.filter(pk=ticket.rsvp_id).delete()
    Ticket.objects.filter(pk=ticket.pk).update(voided_at=timezone.now())

    response = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    assert_error(response, 409, "ticket_withdrawn")
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None


def test_a_ticket_whose_rsvp_is_gone_cannot_check_in_even_if_not_marked_void(door, event):
    client, _ = door
    ticket = ticket_for(event)
    Rsvp.objects.filter(pk=ticket.rsvp_id).delete()

    response = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    assert_error(response, 409, "ticket_withdrawn")


def test_a_ticket_marked_void_cannot_check_in_even_if_still_linked(door, event):
    client, _ = door
    ticket = ticket_for(event)
    Ticket.objects.filter(pk=ticket.pk).update(voided_at=timezone.now())

    response = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    assert_error(response, 409, "ticket_withdrawn")


def test_checking_in_at_an_unknown_event_is_404(door):
    client, _ = door

    response = client.post(checkin_path(EventFactory.build()), {"code": "abc"}, format="json")

    assert_error(response, 404, "not_found")


def test_an_event_id_that_is_no_uuid_is_404(door):
    client, _ = door

    response = client.post("/events/not-a-uuid/checkin", {"code": "abc"}, format="json")

    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    "body",
    [{}, {"code": ""}, {"code": "   "}, {"code": "x" * 33}, {"code": 12345}, {"code": None}, {"code": ["a"]}],
    ids=["missing", "blank", "whitespace", "overlong", "number", "null", "list"],
)
def test_a_bad_body_is_a_400_naming_code(door, event, body):
    client, _ = door

    response = client.post(checkin_path(event), body, format="json")

    assert_field_errors(response, "code")


def test_undoing_a_check_in_lets_the_ticket_check_in_again(door, event):
    client, _ = door
    ticket = ticket_for(event)
    client.post(checkin_path(event), {"code": ticket.code}, format="json")

    undone = client.delete(checkin_path(event, ticket.code))
    again = client.post(checkin_path(event), {"code": ticket.code}, format="json")

    assert undone.status_code == 204
    assert again.status_code == 200, again.content


def test_undo_clears_when_and_by_whom(door, event):
    client, _ = door
    ticket = ticket_for(event)
    client.post(checkin_path(event), {"code": ticket.code}, format="json")

    client.delete(checkin_path(event, ticket.code))

    ticket.refresh_from_db()
    assert (ticket.checked_in_at, ticket.checked_in_by) == (None, None)


def test_undoing_a_ticket_not_checked_in_is_409(door, event):
    client, _ = door
    ticket = ticket_for(event)

    assert_error(client.delete(checkin_path(event, ticket.code)), 409, "not_checked_in")


def test_undoing_an_unknown_or_foreign_code_is_404(door, event):
    client, _ = door
    elsewhere = TicketFactory(checked_in_at=FIRST_CHECK_IN)

    assert_error(client.delete(checkin_path(event, "no-such-code")), 404, "ticket_not_found")
    assert_error(client.delete(checkin_path(event, elsewhere.code)), 404, "ticket_not_found")
    assert Ticket.objects.get(pk=elsewhere.pk).checked_in_at == FIRST_CHECK_IN


def test_the_browsable_api_offers_the_door_a_form_for_the_code(client, event):
    client.force_login(checker_of(event))

    response = client.get(checkin_path(event), HTTP_ACCEPT="text/html")

    assert response.status_code == 405
    assert b'name="code"' in response.content
