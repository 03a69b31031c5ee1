import uuid
from datetime import UTC, datetime

import pytest

from events.models import Event
from tests.factories import EventFactory, create_events
from tests.helpers import assert_error, assert_field_errors, bearer_client

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Tech Conference 2025",
    "description": "Annual technology conference",
    "date": "2025-12-15T09:00:00.000Z",
    "location": "San Francisco, CA",
}
# Keys added after the legacy shape (lifecycle, visibility, capacity, image, RSVP), with a new event's values.
NEW_EVENT_DEFAULTS = {
    "status": "published",
    "visibility": "members",
    "endDate": None,
    "timezone": None,
    "capacity": None,
    "attendeeCount": 0,
    "spotsLeft": None,
    "imageUrl": None,
    "thumbnailUrl": None,
    "imageStatus": "none",
    "imageError": None,
    "myRsvp": None,
}
CREATE_PATHS = ["/events/create", "/events/create/", "/events", "/events/"]
LIST_PATHS = ["/events/all", "/events/all/", "/events", "/events/"]


def create(client, body=VALID, path="/events/create"):
    return client.post(path, body, format="json")


def detail_path(event) -> str:
    return f"/events/{event.pk}"


@pytest.mark.parametrize("path", CREATE_PATHS)
def test_create_event_answers_201_with_the_legacy_shape(auth_client, user, path):
    response = create(auth_client, path=path)

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Event created successfully"
    event = Event.objects.get()
    assert body["event"] == {
        "eventId": str(event.pk),
        "title": VALID["title"],
        "description": VALID["description"],
        "date": "2025-12-15T09:00:00.000Z",
        "location": VALID["location"],
        "createdBy": str(user.pk),
        "createdAt": body["event"]["createdAt"],
        **NEW_EVENT_DEFAULTS,
    }
    assert event.created_by == user


def test_create_event_ignores_created_by_and_event_id_from_the_body(auth_client, user, other_user):
    forged_id = uuid.uuid4()

    response = create(auth_client, {**VALID, "createdBy": str(other_user.pk), "eventId": str(forged_id)})

    assert response.status_code == 201
    event = Event.objects.get()
    assert event.created_by == user
    assert event.pk != forged_id
    assert response.json()["event"]["createdBy"] == str(user.pk)


def test_create_event_needs_only_title_and_date(auth_client):
    response = create(auth_client, {"title": "Bare", "date": VALID["date"]})

    assert response.status_code == 201
    assert response.json()["event"]["description"] == ""
    assert response.json()["event"]["location"] == ""


@pytest.mark.parametrize(
    ("date", "stored"),
    [
        ("2025-12-15T10:00:00+01:00", "2025-12-15T09:00:00.000Z"),
        ("2025-12-15T09:00:00.123456Z", "2025-12-15T09:00:00.123Z"),
        ("2025-12-15T09:00:00", "2025-12-15T09:00:00.000Z"),
        ("0999-01-02T03:04:05Z", "0999-01-02T03:04:05.000Z"),
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
    ],
)
def test_event_dates_come_back_in_utc_with_milliseconds(auth_client, date, stored):
    assert create(auth_client, {**VALID, "date": date}).json()["event"]["date"] == stored


@pytest.mark.parametrize(
    "body",
    [
        {k: v for k, v in VALID.items() if k != "date"},
        {**VALID, "date": "next tuesday"},
        {**VALID, "date": "2025-13-45T09:00:00Z"},
        {**VALID, "date": "2025-02-30T09:00:00Z"},
        {**VALID, "date": "0001-01-01T00:00:00+01:00"},
        {**VALID, "date": 1765789200},
        {**VALID, "date": None},
        {**VALID, "date": ["2025-12-15T09:00:00Z"]},
    ],
)
def test_create_event_with_a_bad_date_is_400(auth_client, body):
    assert_field_errors(create(auth_client, body), "date")
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "x" * 201),
        ("title", 42),
        ("description", "x" * 5001),
        ("description", None),
        ("location", "x" * 256),
        ("location", {"city": "Berlin"}),
    ],
)
def test_create_event_with_an_out_of_range_field_is_400(auth_client, field, value):
    assert_field_errors(create(auth_client, {**VALID, field: value}), field)


def test_create_event_accepts_fields_at_their_maximum_length(auth_client):
    body = {**VALID, "title": "t" * 200, "description": "d" * 5000, "location": "l" * 255}

    assert create(auth_client, body).status_code == 201


def test_create_event_without_fields_names_title_and_date(auth_client):
    assert_field_errors(create(auth_client, {}), "title", "date")


def test_create_event_with_a_json_list_body_is_400(auth_client):
    assert_field_errors(create(auth_client, [VALID]), "nonFieldErrors")


@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_returns_every_users_events_ordered_by_date(auth_client, path):
    EventFactory(title="later", date=datetime(2031, 1, 1, tzinfo=UTC))
    EventFactory(title="sooner", date=datetime(2030, 1, 1, tzinfo=UTC))
    EventFactory(title="middle", date=datetime(2030, 6, 1, tzinfo=UTC))

    response = auth_client.get(path)

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Events retrieved successfully"
    assert [event["title"] for event in body["events"]] == ["sooner", "middle", "later"]
    assert (body["count"], body["next"], body["previous"]) == (3, None, None)


def test_list_items_have_the_event_shape(auth_client, event):
    (item,) = auth_client.get("/events/all").json()["events"]

    assert item["eventId"] == str(event.pk)
    assert item["createdBy"] == str(event.created_by_id)
    assert set(item) == {
        "eventId",
        "title",
        "description",
        "date",
        "location",
        "createdBy",
        "createdAt",
    } | set(NEW_EVENT_DEFAULTS)


def test_list_pages_with_page_and_page_size(auth_client, user):
    create_events(5, created_by=user)
    titles = list(Event.objects.order_by("date", "id").values_list("title", flat=True))

    first = auth_client.get("/events/all?pageSize=2").json()
    last = auth_client.get("/events/all?pageSize=2&page=3").json()

    assert first["count"] == 5
    assert [e["title"] for e in first["events"]] == titles[:2]
    assert "page=2" in first["next"] and "pageSize=2" in first["next"]
    assert first["previous"] is None
    assert [e["title"] for e in last["events"]] == titles[4:]
    assert last["next"] is None
    assert "pageSize=2" in last["previous"]


def test_list_pages_hold_100_events_by_default(auth_client, user):
    create_events(101, created_by=user)

    body = auth_client.get("/events").json()

    assert len(body["events"]) == 100
    assert body["count"] == 101
    assert body["next"] is not None


def test_list_page_size_is_capped_at_500(auth_client, user):
    create_events(501, created_by=user)

    assert len(auth_client.get("/events?pageSize=10000").json()["events"]) == 500


@pytest.mark.parametrize("query", ["page=2", "page=0", "page=abc", "page=-1"])
def test_list_with_an_invalid_page_is_404(auth_client, event, query):
    assert_error(auth_client.get(f"/events/all?{query}"), 404, "not_found")


@pytest.mark.parametrize("suffix", ["", "/"])
def test_retrieve_returns_the_event(auth_client, event, suffix):
    response = auth_client.get(detail_path(event) + suffix)

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Event retrieved successfully"
    assert body["event"]["eventId"] == str(event.pk)
    assert body["event"]["title"] == event.title


def test_put_replaces_the_event(auth_client, event):
    body = {"title": "Renamed", "date": "2026-01-02T03:04:05.000Z", "description": "", "location": "Paris"}

    response = auth_client.put(detail_path(event), body, format="json")

    assert response.status_code == 200
    assert response.json()["message"] == "Event updated successfully"
    assert {k: response.json()["event"][k] for k in body} == body
    event.refresh_from_db()
    assert (event.title, event.location) == ("Renamed", "Paris")


def test_put_without_required_fields_is_400(auth_client, event):
    assert_field_errors(
        auth_client.put(detail_path(event), {"location": "x"}, format="json"), "title", "date"
    )


def test_patch_changes_only_the_sent_fields(auth_client, event):
    response = auth_client.patch(detail_path(event), {"location": "Lisbon"}, format="json")

    assert response.status_code == 200
    event.refresh_from_db()
    assert event.location == "Lisbon"
    assert response.json()["event"]["title"] == event.title


def test_patch_with_an_invalid_field_is_400(auth_client, event):
    assert_field_errors(auth_client.patch(detail_path(event), {"title": ""}, format="json"), "title")


def test_update_cannot_change_the_creator(auth_client, event, other_user):
    auth_client.patch(detail_path(event), {"createdBy": str(other_user.pk)}, format="json")

    event.refresh_from_db()
    assert event.created_by_id != other_user.pk


def test_delete_removes_the_event(auth_client, event):
    response = auth_client.delete(detail_path(event))

    assert response.status_code == 204
    assert not Event.objects.filter(pk=event.pk).exists()
    assert_error(auth_client.get(detail_path(event)), 404)


@pytest.mark.parametrize("event_id", [str(uuid.UUID(int=1)), "not-a-uuid", "123"])
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_unknown_or_malformed_event_id_is_404(auth_client, event_id, method):
    response = getattr(auth_client, method)(f"/events/{event_id}", VALID, format="json")

    assert_error(response, 404, "not_found")


def test_staff_edit_keeps_the_original_creator(event, staff_user):
    bearer_client(staff_user).patch(detail_path(event), {"title": "By staff"}, format="json")

    event.refresh_from_db()
    assert event.title == "By staff"
    assert event.created_by_id != staff_user.pk
