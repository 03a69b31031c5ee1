"""Event status, time zone, end date and capacity through the API."""

import pytest

from events.models import Event
from tests.factories import EventFactory, StaffFactory, UserFactory
from tests.helpers import assert_error, assert_field_errors, bearer_client, titles

pytestmark = pytest.mark.django_db

VALID = {"title": "Meetup", "date": "2030-03-01T18:00:00.000Z"}


def test_new_event_is_published_with_no_limits_by_default(auth_client):
    event = auth_client.post("/events/create", VALID, format="json").json()["event"]

    assert event["status"] == "published"
    assert (event["timezone"], event["endDate"], event["capacity"]) == (None, None, None)
    assert (event["attendeeCount"], event["spotsLeft"], event["myRsvp"]) == (0, None, None)


def test_event_takes_status_timezone_end_date_and_capacity(auth_client):
    body = {
        **VALID,
        "status": "draft",
        "timezone": "Europe/Berlin",
        "endDate": "2030-03-01T21:00:00+01:00",
        "capacity": 30,
    }

    event = auth_client.post("/events", body, format="json").json()["event"]

    assert event["status"] == "draft"
    assert event["timezone"] == "Europe/Berlin"
    assert event["endDate"] == "2030-03-01T20:00:00.000Z"
    assert (event["capacity"], event["spotsLeft"]) == (30, 30)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Olympus"),
        ("timezone", "../../etc/passwd"),
        ("timezone", 1),
        ("endDate", "2030-03-01T18:00:00.000Z"),
        ("endDate", "2030-02-28T18:00:00.000Z"),
        ("capacity", 0),
        ("capacity", -5),
        ("capacity", "10"),
        ("capacity", True),
        ("capacity", 2.5),
        ("status", "archived"),
    ],
)
def test_invalid_lifecycle_fields_are_400_naming_the_field(auth_client, field, value):
    response = auth_client.post("/events", {**VALID, field: value}, format="json")

    assert_field_errors(response, field)
    assert not Event.objects.exists()


def test_patching_the_date_past_the_end_date_is_400(auth_client, user):
    event = EventFactory(created_by=user, date="2030-03-01T18:00:00Z", end_date="2030-03-01T20:00:00Z")

    response = auth_client.patch(f"/events/{event.pk}", {"date": "2030-03-02T18:00:00Z"}, format="json")

    assert_field_errors(response, "endDate")


def test_timezone_and_end_date_can_be_cleared(auth_client, user):
    event = EventFactory(created_by=user, time_zone="Asia/Tokyo", end_date="2031-01-01T00:00:00Z")

    body = auth_client.patch(f"/events/{event.pk}", {"timezone": None, "endDate": None}, format="json").json()

    assert (body["event"]["timezone"], body["event"]["endDate"]) == (None, None)


@pytest.mark.parametrize("path", ["/events", "/events/all"])
def test_drafts_are_listed_only_for_their_creator_and_staff(path):
    creator = UserFactory()
    EventFactory(title="draft", status=Event.Status.DRAFT, created_by=creator)
    EventFactory(title="public")

    assert titles(bearer_client(creator), path) == ["draft", "public"]
    assert titles(bearer_client(StaffFactory()), path) == ["draft", "public"]
    assert titles(bearer_client(UserFactory()), path) == ["public"]


def test_someone_elses_draft_is_404_but_its_creator_and_staff_can_read_it():
    draft = EventFactory(status=Event.Status.DRAFT)
    path = f"/events/{draft.pk}"

    assert_error(bearer_client(UserFactory()).get(path), 404, "not_found")
    assert bearer_client(draft.created_by).get(path).status_code == 200
    assert bearer_client(StaffFactory()).get(path).status_code == 200


def test_cancelled_events_stay_listed_and_marked(auth_client):
    EventFactory(title="called off", status=Event.Status.CANCELLED)

    (event,) = auth_client.get("/events/all").json()["events"]

    assert (event["title"], event["status"]) == ("called off", "cancelled")


def test_legacy_create_still_makes_an_event_everyone_sees(auth_client, other_user):
    created = auth_client.post("/events/create", VALID, format="json").json()["event"]

    listed = bearer_client(other_user).get("/events/all").json()["events"]

    assert [event["eventId"] for event in listed] == [created["eventId"]]
