"""Search, filters and ordering on /events and /events/all."""

import pytest

from events.models import Event
from tests.factories import EventFactory, RsvpFactory, UserFactory
from tests.helpers import assert_field_errors, titles

pytestmark = pytest.mark.django_db

LIST_PATHS = ["/events", "/events/all"]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_q_searches_title_description_and_location_case_insensitively(auth_client, path):
    EventFactory(title="Python Night", description="", location="")
    EventFactory(title="Meetup", description="all about PYTHON", location="")
    EventFactory(title="Picnic", description="", location="Python Park")
    EventFactory(title="Concert", description="music", location="Oslo")

    assert sorted(titles(auth_client, path, q="python")) == ["Meetup", "Picnic", "Python Night"]


@pytest.mark.parametrize("term", ["50%", "a_b", ".*", "(", "[x]", "\\", "$where"])
def test_q_treats_wildcards_and_regex_characters_literally(auth_client, term):
    EventFactory(title=f"literal {term} here")
    EventFactory(title="500 guests ab axb x")

    assert titles(auth_client, q=term) == [f"literal {term} here"]


def test_from_and_to_select_a_date_range_and_running_events_count(auth_client):
    EventFactory(title="over", date="2030-01-01T10:00:00Z", end_date="2030-01-01T12:00:00Z")
    EventFactory(title="running", date="2030-01-01T10:00:00Z", end_date="2030-01-20T12:00:00Z")
    EventFactory(title="inside", date="2030-01-15T10:00:00Z")
    EventFactory(title="after", date="2030-03-01T10:00:00Z")

    assert titles(auth_client, **{"from": "2030-01-10T00:00:00Z", "to": "2030-02-01T00:00:00Z"}) == [
        "running",
        "inside",
    ]
    assert titles(auth_client, **{"from": "2030-02-01"}) == ["after"]


@pytest.mark.parametrize(
    ("to", "expected"),
    [
        ("2030-01-05", ["morning", "evening"]),
        ("2030-01-04", []),
        ("2030-01-05T12:00:00Z", ["morning"]),
        ("2030-01-05T18:00:00Z", ["morning", "evening"]),
    ],
)
def test_a_bare_date_as_to_includes_that_whole_day(auth_client, to, expected):
    EventFactory(title="morning", date="2030-01-05T09:00:00Z")
    EventFactory(title="evening", date="2030-01-05T18:00:00Z")
    EventFactory(title="next day", date="2030-01-06T00:00:00Z")

    assert titles(auth_client, to=to) == expected


def test_location_filter_matches_part_of_the_location(auth_client):
    EventFactory(title="here", location="Berlin, Germany")
    EventFactory(title="there", location="Oslo")

    assert titles(auth_client, location="berlin") == ["here"]


def test_created_by_takes_me_or_a_user_id(auth_client, user):
    other = UserFactory()
    EventFactory(title="mine", created_by=user)
    EventFactory(title="theirs", created_by=other)

    assert titles(auth_client, createdBy="me") == ["mine"]
    assert titles(auth_client, createdBy=str(other.pk)) == ["theirs"]


def test_status_filter_only_shows_what_the_caller_may_see(auth_client, user):
    EventFactory(title="my draft", status=Event.Status.DRAFT, created_by=user)
    EventFactory(title="their draft", status=Event.Status.DRAFT)
    EventFactory(title="off", status=Event.Status.CANCELLED)

    assert titles(auth_client, status="draft") == ["my draft"]
    assert titles(auth_client, status="cancelled") == ["off"]


def test_has_spots_selects_open_events_with_free_seats(auth_client):
    EventFactory(title="unlimited")
    roomy = EventFactory(title="roomy", capacity=2)
    full = EventFactory(title="full", capacity=1)
    EventFactory(title="cancelled", status=Event.Status.CANCELLED)
    RsvpFactory(event=roomy)
    RsvpFactory(event=full)

    assert titles(auth_client, hasSpots="true") == ["unlimited", "roomy"]
    assert titles(auth_client, hasSpots="false") == ["full", "cancelled"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("date", ["b", "c", "a"]),
        ("-date", ["a", "c", "b"]),
        ("createdAt", ["a", "b", "c"]),
        ("title", ["a", "b", "c"]),
        ("-title", ["c", "b", "a"]),
    ],
)
def test_ordering_sorts_by_the_chosen_field(auth_client, ordering, expected):
    EventFactory(title="a", date="2032-01-01T00:00:00Z", created_at="2029-01-01T00:00:00Z")
    EventFactory(title="b", date="2030-01-01T00:00:00Z", created_at="2029-01-02T00:00:00Z")
    EventFactory(title="c", date="2031-01-01T00:00:00Z", created_at="2029-01-03T00:00:00Z")

    assert titles(auth_client, ordering=ordering) == expected


def test_filters_combine_and_keep_the_pagination_envelope(auth_client):
    EventFactory.create_batch(3, location="Rome")
    EventFactory(location="Oslo")

    body = auth_client.get("/events/all", {"location": "rome", "pageSize": 2}).json()

    assert body["count"] == 3
    assert len(body["events"]) == 2
    assert "location=rome" in body["next"]


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("from", "yesterday"),
        ("to", "2030-13-01"),
        ("createdBy", "somebody"),
        ("status", "archived"),
        ("hasSpots", "maybe"),
        ("ordering", "password"),
        ("ordering", ","),
        ("ordering", "date,"),
        ("q", "x" * 201),
    ],
)
def test_invalid_filter_values_are_400_naming_the_parameter(auth_client, path, param, value):
    assert_field_errors(auth_client.get(path, {param: value}), param)


def test_filters_do_not_apply_to_a_single_event(auth_client, event):
    assert auth_client.get(f"/events/{event.pk}", {"status": "archived"}).status_code == 200
