"""Capacity cannot drop below the number of people already going."""

import pytest

from events.models import Event
from tests.events.admin_forms import (
    change_form,
    change_path,
    rsvp_while_the_admin_saves,
    rsvp_while_the_api_validates,
)
from tests.factories import EventFactory, RsvpFactory, UserFactory
from tests.helpers import assert_field_errors, bearer_client

pytestmark = pytest.mark.django_db


def event_with_going(going: int, *, capacity: int, **fields) -> Event:
    event = EventFactory(capacity=capacity, **fields)
    for _ in range(going):
        RsvpFactory(event=event)
    return event


def stored(event) -> tuple[int | None, int]:
    event = Event.objects.get(pk=event.pk)
    return event.capacity, event.going_count


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("patch", {"capacity": 1}),
        ("put", {"title": "Fewer seats", "date": "2030-02-01T10:00:00.000Z", "capacity": 1}),
    ],
)
def test_capacity_below_the_people_going_is_400_naming_capacity(user, auth_client, method, body):
    event = event_with_going(3, capacity=5, created_by=user, title="Launch")

    response = getattr(auth_client, method)(f"/events/{event.pk}", body, format="json")

    errors = assert_field_errors(response, "capacity")
    assert "3" in errors["capacity"][0]
    assert stored(event) == (5, 3)
    assert Event.objects.get(pk=event.pk).title == "Launch"


def test_capacity_may_come_down_to_exactly_the_people_going(user, auth_client):
    event = event_with_going(3, capacity=5, created_by=user)

    response = auth_client.patch(f"/events/{event.pk}", {"capacity": 3}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["event"]["capacity"], response.json()["event"]["spotsLeft"]) == (3, 0)


def test_waitlisted_people_do_not_count_against_a_lower_capacity(user, auth_client):
    event = event_with_going(1, capacity=2, created_by=user)
    RsvpFactory(event=event, status="waitlisted")

    response = auth_client.patch(f"/events/{event.pk}", {"capacity": 1}, format="json")

    assert response.status_code == 200, response.content
    assert stored(event) == (1, 1)


def test_an_rsvp_arriving_while_the_update_is_validated_cannot_overbook(user, auth_client, monkeypatch):
    event = event_with_going(1, capacity=3, created_by=user)
    answers = rsvp_while_the_api_validates(monkeypatch, event, bearer_client(UserFactory()))

    assert_field_errors(auth_client.patch(f"/events/{event.pk}", {"capacity": 1}, format="json"), "capacity")
    assert [answer.json()["rsvp"]["status"] for answer in answers] == ["going"]
    assert stored(event) == (3, 2)


def test_the_admin_change_form_refuses_capacity_below_the_people_going(admin_site_client):
    event = event_with_going(3, capacity=5)

    response = admin_site_client.post(change_path(event), change_form(event, capacity="1"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"capacity"}
    assert stored(event) == (5, 3)


def test_an_rsvp_arriving_after_the_admin_form_was_checked_cannot_overbook(admin_site_client, monkeypatch):
    event = event_with_going(1, capacity=3)
    rsvp_while_the_admin_saves(monkeypatch, event)
    path = change_path(event)

    response = admin_site_client.post(path, change_form(event, capacity="1"), follow=True)

    assert response.redirect_chain == [(path, 302)]
    assert "Nothing was saved" in response.content.decode()
    assert Event.objects.get(pk=event.pk).capacity == 3


def test_an_admin_save_keeps_the_seats_taken_while_the_form_was_open(admin_site_client, monkeypatch):
    event = event_with_going(1, capacity=3)
    rsvp_while_the_admin_saves(monkeypatch, event)

    response = admin_site_client.post(change_path(event), change_form(event, title="Renamed"))

    assert response.status_code == 302
    assert stored(event) == (3, 2)
    assert Event.objects.get(pk=event.pk).title == "Renamed"
