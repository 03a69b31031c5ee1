"""RSVPs, the waitlist, attendee lists and the caller's RSVPs."""

import pytest

from events.models import Event, Rsvp
from tests.factories import EventFactory, RsvpFactory, StaffFactory, UserFactory
from tests.helpers import assert_error, bearer_client, database_statements, rsvp_path

pytestmark = pytest.mark.django_db


def rsvp(user, event):
    return bearer_client(user).post(rsvp_path(event))


def statuses(event) -> dict:
    return dict(Rsvp.objects.filter(event=event).values_list("user__email", "status"))


def test_rsvp_to_an_open_event_is_201_going(user, auth_client):
    event = EventFactory(capacity=2)

    response = auth_client.post(rsvp_path(event))

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "RSVP created successfully"
    assert body["rsvp"]["status"] == "going"
    assert (body["rsvp"]["eventId"], body["rsvp"]["userId"]) == (str(event.pk), str(user.pk))
    assert Event.objects.get(pk=event.pk).going_count == 1


def test_rsvp_again_is_200_with_the_same_rsvp_and_takes_no_second_seat(auth_client):
    event = EventFactory(capacity=5)
    first = auth_client.post(rsvp_path(event)).json()["rsvp"]

    again = auth_client.post(rsvp_path(event))

    assert again.status_code == 200
    assert again.json()["rsvp"] == first
    assert Rsvp.objects.count() == 1
    assert Event.objects.get(pk=event.pk).going_count == 1


def test_rsvp_to_a_full_event_is_waitlisted(auth_client):
    event = EventFactory(capacity=1)
    RsvpFactory(event=event)

    response = auth_client.post(rsvp_path(event))

    assert response.status_code == 201
    assert response.json()["rsvp"]["status"] == "waitlisted"


def test_withdrawing_promotes_the_oldest_waitlisted_person():
    event = EventFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    for person in (first, second, third):
        rsvp(person, event)

    response = bearer_client(first).delete(rsvp_path(event))

    assert response.status_code == 204
    assert statuses(event) == {second.email: "going", third.email: "waitlisted"}
    assert Event.objects.get(pk=event.pk).going_count == 1


def test_withdrawing_from_the_waitlist_keeps_the_seats_as_they_are():
    event = EventFactory(capacity=1)
    going, waiting = UserFactory(), UserFactory()
    rsvp(going, event)
    rsvp(waiting, event)

    assert bearer_client(waiting).delete(rsvp_path(event)).status_code == 204
    assert statuses(event) == {going.email: "going"}
    assert Event.objects.get(pk=event.pk).going_count == 1


def test_withdrawing_without_an_rsvp_is_404(auth_client, event):
    assert_error(auth_client.delete(rsvp_path(event)), 404, "not_found")


def test_raising_the_capacity_promotes_waitlisted_people(auth_client, user):
    event = EventFactory(created_by=user, capacity=1)
    people = [UserFactory() for _ in range(3)]
    for person in people:
        rsvp(person, event)

    body = auth_client.patch(f"/events/{event.pk}", {"capacity": 2}, format="json").json()

    assert statuses(event) == {
        people[0].email: "going",
        people[1].email: "going",
        people[2].email: "waitlisted",
    }
    assert (body["event"]["attendeeCount"], body["event"]["spotsLeft"]) == (2, 0)


@pytest.mark.parametrize("status", [Event.Status.CANCELLED, Event.Status.DRAFT])
def test_events_that_are_not_published_refuse_rsvps(status):
    event = EventFactory(status=status)

    response = rsvp(event.created_by, event)

    assert_error(response, 409, "event_not_open")
    assert not Rsvp.objects.exists()


def test_someone_elses_draft_cannot_be_rsvped_and_stays_hidden(auth_client):
    assert_error(auth_client.post(rsvp_path(EventFactory(status=Event.Status.DRAFT))), 404)


def test_anonymous_rsvp_is_401(api_client, event):
    assert_error(api_client.post(rsvp_path(event)), 401)


def test_event_shows_attendee_count_spots_left_and_my_rsvp(auth_client, user):
    event = EventFactory(capacity=3)
    RsvpFactory(event=event)
    mine = auth_client.post(rsvp_path(event)).json()["rsvp"]

    shown = auth_client.get(f"/events/{event.pk}").json()["event"]

    assert (shown["attendeeCount"], shown["spotsLeft"]) == (2, 1)
    assert shown["myRsvp"] == mine
    assert bearer_client(UserFactory()).get(f"/events/{event.pk}").json()["event"]["myRsvp"] is None


@pytest.mark.parametrize("path", ["/events", "/events/all"])
def test_listing_with_rsvps_runs_the_same_queries_for_1_and_30_events(auth_client, user, path, no_list_cache):
    def count_queries(expected: int) -> int:
        with database_statements() as statements:
            events = auth_client.get(path).json()["events"]
        assert len(events) == expected
        assert all(event["myRsvp"]["status"] == "going" for event in events)
        return len(statements)

    RsvpFactory(user=user, event=EventFactory(capacity=10))
    with_one = count_queries(1)
    for event in EventFactory.create_batch(29, capacity=10):
        RsvpFactory(user=user, event=event)
        RsvpFactory(event=event)

    assert count_queries(30) == with_one


def test_creator_sees_the_paginated_attendee_list(auth_client, user):
    event = EventFactory(created_by=user, capacity=1)
    first, second = UserFactory(), UserFactory()
    rsvp(first, event)
    rsvp(second, event)

    body = auth_client.get(f"/events/{event.pk}/attendees", {"pageSize": 1}).json()

    assert body["message"] == "Attendees retrieved successfully"
    assert (body["count"], body["previous"]) == (2, None)
    assert body["next"] is not None
    (attendee,) = body["attendees"]
    assert attendee["status"] == "going"
    assert attendee["user"] == {
        "userId": str(first.pk),
        "name": first.name,
        "email": first.email,
        "emailVerified": False,
    }
    assert auth_client.get(body["next"]).json()["attendees"][0]["status"] == "waitlisted"


def test_staff_may_see_attendees_but_other_users_may_not(event):
    path = f"/events/{event.pk}/attendees"

    assert bearer_client(StaffFactory()).get(path).status_code == 200
    assert_error(bearer_client(UserFactory()).get(path), 403, "permission_denied")


def test_my_rsvps_lists_the_callers_rsvps_with_their_events(auth_client, user):
    later = EventFactory(title="later", date="2031-01-01T00:00:00Z")
    sooner = EventFactory(title="sooner", date="2030-06-01T00:00:00Z", capacity=1)
    RsvpFactory(event=sooner)
    for event in (later, sooner):
        auth_client.post(rsvp_path(event))
    RsvpFactory(event=later)

    body = auth_client.get("/users/me/rsvps").json()

    assert body["message"] == "RSVPs retrieved successfully"
    assert body["count"] == 2
    assert [(item["event"]["title"], item["status"]) for item in body["rsvps"]] == [
        ("sooner", "waitlisted"),
        ("later", "going"),
    ]
    assert body["rsvps"][0]["event"]["myRsvp"]["rsvpId"] == body["rsvps"][0]["rsvpId"]


def test_my_rsvps_needs_authentication(api_client):
    assert_error(api_client.get("/users/me/rsvps"), 401)


def test_deleting_an_event_deletes_its_rsvps(auth_client, user):
    event = EventFactory(created_by=user)
    RsvpFactory(event=event)

    assert auth_client.delete(f"/events/{event.pk}").status_code == 204
    assert not Rsvp.objects.exists()
