"""The per-caller cache of rendered event list pages (events/caching.py).

The freshness tests cache the caller's page first (``cached_page`` checks that the repeat
really came from the cache), then write through the API, the admin or ``import_legacy`` and
list again.
"""

import io
import json

import pytest
from django.core.management import call_command

from events.models import Event, Rsvp
from tests.factories import EventFactory, RsvpFactory, StaffFactory
from tests.helpers import Statement, assert_error, bearer_client, database_statements, reads_of, rsvp_path

pytestmark = pytest.mark.django_db

LIST_PATHS = ["/events", "/events/all"]
EVENT_ADMIN = "/admin/events/event/"
USER_ADMIN = "/admin/accounts/user/"
PAGE_TABLES = ("events_event", "events_rsvp")
# The authentication user lookup and the events version lookup (one read, however many rows).
CACHE_HIT_READS = [("accounts_user", True), ("events_eventsversion", True)]


def page_table_reads(statements: list[Statement]) -> list[Statement]:
    return reads_of(statements, *PAGE_TABLES)


def assert_served_from_cache(statements: list[Statement]) -> None:
    """Only the authentication user lookup and the events version lookup ran."""
    assert page_table_reads(statements) == []
    assert sorted((s.table, s.is_read) for s in statements) == CACHE_HIT_READS, [s.text for s in statements]


def cached_page(client, path: str = "/events", **extra) -> dict:
    """List twice and return the body; the second answer must come from the cache."""
    client.get(path, **extra)
    with database_statements() as statements:
        response = client.get(path, **extra)
    assert response.status_code == 200, response.content
    assert_served_from_cache(statements)
    return response.json()


def listed(client, path: str = "/events", **extra) -> dict[str, dict]:
    """The events of one list page by eventId."""
    response = client.get(path, **extra)
    assert response.status_code == 200, response.content
    return {event["eventId"]: event for event in response.json()["events"]}


def cached_listing(client, path: str = "/events") -> dict[str, dict]:
    return {event["eventId"]: event for event in cached_page(client, path)["events"]}


# Cache hits


@pytest.mark.parametrize("path", LIST_PATHS)
def test_a_repeated_list_request_is_answered_from_the_cache_with_the_same_response(auth_client, user, path):
    RsvpFactory(user=user, event=EventFactory(capacity=3))
    EventFactory(created_by=user, status=Event.Status.DRAFT)
    with database_statements() as built:
        first = auth_client.get(path)

    with database_statements() as repeated:
        second = auth_client.get(path)

    assert page_table_reads(built)
    assert_served_from_cache(repeated)
    assert (first.status_code, first["Content-Type"]) == (200, "application/json")
    assert (second.status_code, second["Content-Type"]) == (first.status_code, first["Content-Type"])
    assert second.content == first.content
    assert len(second.json()["events"]) == 2


def test_a_cache_hit_keeps_the_response_headers_but_its_own_request_id(auth_client, event):
    first = auth_client.get("/events")

    second = auth_client.get("/events")

    first_headers, second_headers = dict(first.headers), dict(second.headers)
    assert first_headers.pop("X-Request-ID") != second_headers.pop("X-Request-ID")
    assert second_headers == first_headers
    assert {"Vary", "Allow"} <= set(second_headers)


def test_a_zero_cache_lifetime_builds_every_page(auth_client, event, no_list_cache):
    with database_statements() as built:
        first = auth_client.get("/events")

    with database_statements() as rebuilt:
        second = auth_client.get("/events")

    assert page_table_reads(rebuilt)
    assert len(rebuilt) == len(built) > 2
    assert second.content == first.content


# Freshness after writes through the API


@pytest.mark.parametrize("path", ["/events/create", "/events"])
def test_an_event_created_through_the_api_shows_in_the_next_list(auth_client, path):
    cached_page(auth_client)

    created = auth_client.post(path, {"title": "Launch", "date": "2030-06-01T10:00:00Z"}, format="json")

    assert created.status_code == 201
    assert listed(auth_client)[created.json()["event"]["eventId"]]["title"] == "Launch"


@pytest.mark.parametrize("path", LIST_PATHS)
def test_an_updated_event_shows_its_change_in_the_next_list(auth_client, event, path):
    cached_page(auth_client, path)

    assert auth_client.patch(f"/events/{event.pk}", {"title": "Renamed"}, format="json").status_code == 200

    assert listed(auth_client, path)[str(event.pk)]["title"] == "Renamed"


def test_a_deleted_event_leaves_the_next_list(auth_client, event):
    kept = EventFactory()
    cached_page(auth_client)

    assert auth_client.delete(f"/events/{event.pk}").status_code == 204

    assert set(listed(auth_client)) == {str(kept.pk)}


def test_my_rsvp_shows_in_the_next_list_with_the_new_attendee_count(auth_client):
    event = EventFactory(capacity=2)
    before = cached_listing(auth_client)[str(event.pk)]

    rsvp = auth_client.post(rsvp_path(event)).json()["rsvp"]

    after = listed(auth_client)[str(event.pk)]
    assert (before["myRsvp"], before["attendeeCount"], before["spotsLeft"]) == (None, 0, 2)
    assert (after["myRsvp"], after["attendeeCount"], after["spotsLeft"]) == (rsvp, 1, 1)


def test_my_withdrawal_clears_my_rsvp_in_the_next_list(auth_client):
    event = EventFactory(capacity=2)
    auth_client.post(rsvp_path(event))
    before = cached_listing(auth_client)[str(event.pk)]

    assert auth_client.delete(rsvp_path(event)).status_code == 204

    after = listed(auth_client)[str(event.pk)]
    assert (before["myRsvp"]["status"], before["attendeeCount"]) == ("going", 1)
    assert (after["myRsvp"], after["attendeeCount"]) == (None, 0)


def test_another_users_withdrawal_promotes_my_waitlisted_rsvp_in_my_cached_list(auth_client, other_user):
    event = EventFactory(capacity=1)
    bearer_client(other_user).post(rsvp_path(event))
    auth_client.post(rsvp_path(event))
    before = cached_listing(auth_client)[str(event.pk)]

    assert bearer_client(other_user).delete(rsvp_path(event)).status_code == 204

    after = listed(auth_client)[str(event.pk)]
    assert (before["myRsvp"]["status"], before["spotsLeft"]) == ("waitlisted", 0)
    assert (after["myRsvp"]["status"], after["attendeeCount"], after["spotsLeft"]) == ("going", 1, 0)


def test_another_users_rsvp_changes_the_seats_in_my_cached_list(auth_client, other_user):
    event = EventFactory(capacity=3)
    before = cached_listing(auth_client)[str(event.pk)]

    assert bearer_client(other_user).post(rsvp_path(event)).status_code == 201

    after = listed(auth_client)[str(event.pk)]
    assert (before["attendeeCount"], before["spotsLeft"]) == (0, 3)
    assert (after["attendeeCount"], after["spotsLeft"], after["myRsvp"]) == (1, 2, None)


@pytest.mark.parametrize("status", [Event.Status.CANCELLED, Event.Status.DRAFT])
def test_a_refused_rsvp_leaves_the_cached_list_as_it_was(auth_client, user, status):
    event = EventFactory(created_by=user, status=status, capacity=2)
    before = cached_page(auth_client)

    assert_error(auth_client.post(rsvp_path(event)), 409, "event_not_open")

    assert auth_client.get("/events").json() == before
    assert (before["events"][0]["myRsvp"], before["events"][0]["attendeeCount"]) == (None, 0)
    assert not Rsvp.objects.exists()


# Freshness after writes through the admin and import_legacy


def event_change_form(event, **changes) -> dict:
    """The admin change form of an event without attendees, as it stands, with ``changes``."""
    unchanged = {name: getattr(event, name) for name in ("title", "description", "location", "status")}
    return {
        **unchanged,
        "date_0": event.date.date().isoformat(),
        "date_1": event.date.time().isoformat(),
        "capacity": event.capacity or "",
        "created_by": event.created_by_id,
        "rsvps-TOTAL_FORMS": 0,
        "rsvps-INITIAL_FORMS": 0,
        **changes,
    }


def admin_delete(client, changelist: str, obj, how: str):
    """Delete through the object's confirmation page or the changelist's bulk action."""
    if how == "confirmation page":
        return client.post(f"{changelist}{obj.pk}/delete/", {"post": "yes"})
    return client.post(
        changelist, {"action": "delete_selected", "_selected_action": [str(obj.pk)], "post": "yes"}
    )


def test_an_event_changed_in_the_admin_shows_the_change_in_the_next_list(
    auth_client, admin_site_client, event
):
    cached_page(auth_client)

    response = admin_site_client.post(
        f"{EVENT_ADMIN}{event.pk}/change/", event_change_form(event, title="Edited")
    )

    assert response.status_code == 302
    assert listed(auth_client)[str(event.pk)]["title"] == "Edited"


def test_events_cancelled_by_the_admin_action_show_as_cancelled_in_the_next_list(
    auth_client, admin_site_client
):
    chosen, untouched = EventFactory(), EventFactory()
    cached_page(auth_client)

    response = admin_site_client.post(
        EVENT_ADMIN, {"action": "cancel_events", "_selected_action": [str(chosen.pk)]}
    )

    assert response.status_code == 302
    statuses = {event_id: event["status"] for event_id, event in listed(auth_client).items()}
    assert statuses == {str(chosen.pk): "cancelled", str(untouched.pk): "published"}


@pytest.mark.parametrize("how", ["confirmation page", "bulk action"])
def test_an_event_deleted_in_the_admin_leaves_the_next_list(auth_client, admin_site_client, event, how):
    kept = EventFactory()
    cached_page(auth_client)

    assert admin_delete(admin_site_client, EVENT_ADMIN, event, how).status_code == 302

    assert set(listed(auth_client)) == {str(kept.pk)}


@pytest.mark.parametrize("how", ["confirmation page", "bulk action"])
def test_deleting_a_creator_in_the_admin_removes_their_events_from_the_next_list(
    auth_client, admin_site_client, other_user, how
):
    theirs = EventFactory(created_by=other_user)
    attended = EventFactory(capacity=2)
    RsvpFactory(event=attended, user=other_user)
    before = cached_listing(auth_client)

    assert admin_delete(admin_site_client, USER_ADMIN, other_user, how).status_code == 302

    after = listed(auth_client)
    assert set(before) == {str(theirs.pk), str(attended.pk)}
    assert set(after) == {str(attended.pk)}
    assert after[str(attended.pk)]["title"] == attended.title


def test_an_event_imported_with_import_legacy_shows_in_the_next_list(auth_client, user, tmp_path):
    cached_page(auth_client)
    event_id = "c0ffee00-0000-4000-8000-0000000000c1"
    legacy_event = {
        "eventId": event_id,
        "title": "Imported meetup",
        "date": {"$date": "2030-03-10T18:30:00.000Z"},
        "createdBy": str(user.pk),
        "createdAt": {"$date": "2023-07-20T08:00:00.000Z"},
    }
    events_file = tmp_path / "events.jsonl"
    events_file.write_text(json.dumps(legacy_event) + "\n")

    call_command("import_legacy", "--events", str(events_file), stdout=io.StringIO(), stderr=io.StringIO())

    assert listed(auth_client)[event_id]["title"] == "Imported meetup"


# Isolation between callers, URLs and hosts


def test_a_creators_cached_page_is_not_served_to_another_user(user, auth_client, other_user):
    draft = EventFactory(created_by=user, status=Event.Status.DRAFT)
    published = EventFactory(capacity=2)
    auth_client.post(rsvp_path(published))
    mine = cached_listing(auth_client)

    theirs = listed(bearer_client(other_user))

    assert set(mine) == {str(draft.pk), str(published.pk)}
    assert mine[str(published.pk)]["myRsvp"]["status"] == "going"
    assert set(theirs) == {str(published.pk)}
    assert theirs[str(published.pk)]["myRsvp"] is None


def test_staff_see_drafts_that_a_user_cached_page_of_the_same_url_hides(auth_client):
    draft = EventFactory(status=Event.Status.DRAFT)
    published = EventFactory()
    cached_page(auth_client)

    by_staff = listed(bearer_client(StaffFactory()))

    assert set(by_staff) == {str(draft.pk), str(published.pk)}
    assert set(listed(auth_client)) == {str(published.pk)}


def test_a_user_made_staff_in_the_admin_sees_drafts_in_their_next_list(auth_client, admin_site_client, user):
    draft = EventFactory(status=Event.Status.DRAFT)
    published = EventFactory()
    before = cached_listing(auth_client)
    form = {"email": user.email, "name": user.name, "is_active": "on", "is_staff": "on"}

    assert admin_site_client.post(f"{USER_ADMIN}{user.pk}/change/", form).status_code == 302

    assert set(before) == {str(published.pk)}
    assert set(listed(auth_client)) == {str(draft.pk), str(published.pk)}


def test_another_staff_member_gets_their_own_page(staff_user):
    event = EventFactory(capacity=2)
    bearer_client(staff_user).post(rsvp_path(event))
    cached_page(bearer_client(staff_user))

    other_staff = listed(bearer_client(StaffFactory()))

    assert other_staff[str(event.pk)]["myRsvp"] is None


def test_each_query_string_gets_its_own_page(auth_client):
    first, second, _ = EventFactory.create_batch(3)
    one = cached_page(auth_client, "/events?pageSize=1")

    two = listed(auth_client, "/events?pageSize=2")
    page_two = listed(auth_client, "/events?pageSize=1&page=2")
    searched = listed(auth_client, "/events/all?pageSize=1&page=2&q=Event")

    assert [event["eventId"] for event in one["events"]] == [str(first.pk)]
    assert set(two) == {str(first.pk), str(second.pk)}
    assert set(page_two) == {str(second.pk)}
    assert set(searched) == {str(second.pk)}


@pytest.mark.parametrize("header", ["HTTP_HOST", "SERVER_NAME"])
def test_each_host_gets_its_own_page_with_its_own_links(auth_client, settings, header):
    settings.ALLOWED_HOSTS = ["one.example.com", "two.example.com"]
    EventFactory.create_batch(2)
    on_one = cached_page(auth_client, "/events?pageSize=1", **{header: "one.example.com"})

    on_two = auth_client.get("/events?pageSize=1", **{header: "two.example.com"}).json()

    assert on_one["next"].startswith("http://one.example.com/events?")
    assert on_two["next"].startswith("http://two.example.com/events?")
    assert on_two["events"] == on_one["events"]


def test_https_requests_get_their_own_page_with_https_links(auth_client):
    EventFactory.create_batch(2)
    plain = cached_page(auth_client, "/events?pageSize=1")

    secure = auth_client.get("/events?pageSize=1", secure=True).json()

    assert plain["next"].startswith("http://testserver/")
    assert secure["next"].startswith("https://testserver/")


# Only JSON answers are cached


def test_the_browsable_api_renders_html_around_cached_json_pages(auth_client, event):
    json_page = cached_page(auth_client)

    html = auth_client.get("/events", HTTP_ACCEPT="text/html")
    json_again = auth_client.get("/events")
    html_again = auth_client.get("/events", HTTP_ACCEPT="text/html")

    for response in (html, html_again):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert event.title.encode() in response.content
    assert json_again["Content-Type"] == "application/json"
    assert json_again.json() == json_page


def test_a_json_request_after_the_browsable_api_gets_json(auth_client, event):
    assert auth_client.get("/events", HTTP_ACCEPT="text/html")["Content-Type"].startswith("text/html")

    response = auth_client.get("/events")

    assert response["Content-Type"] == "application/json"
    assert [item["eventId"] for item in response.json()["events"]] == [str(event.pk)]


def test_a_missing_page_is_not_cached_and_appears_once_there_are_enough_events(auth_client):
    """A cached page always answers 200: a repeated 404 shows the first was not kept."""
    EventFactory()
    for _ in range(2):
        assert_error(auth_client.get("/events?pageSize=1&page=2"), 404)

    later = auth_client.post("/events", {"title": "Later", "date": "2099-01-01T10:00:00Z"}, format="json")
    response = auth_client.get("/events?pageSize=1&page=2")

    assert response.status_code == 200
    assert [item["eventId"] for item in response.json()["events"]] == [later.json()["event"]["eventId"]]


@pytest.mark.parametrize("query", ["status=bogus", "from=not-a-date", "createdBy=nobody"])
def test_an_invalid_filter_stays_a_400_on_every_request(auth_client, event, query):
    for _ in range(2):
        body = assert_error(auth_client.get(f"/events?{query}"), 400)
        assert "events" not in body


def test_an_indented_json_request_gets_its_own_page(auth_client, event):
    indented = auth_client.get("/events", HTTP_ACCEPT="application/json; indent=4")
    plain = auth_client.get("/events", HTTP_ACCEPT="application/json")

    assert indented.content.startswith(b'{\n    "message"')
    assert plain.content.startswith(b'{"message"')
    assert json.loads(indented.content) == json.loads(plain.content)
