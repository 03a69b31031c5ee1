"""The per-caller cache of rendered event list pages (events/caching.py): hits, and which
page each caller, URL, host and media type gets.

``cached_page`` checks that the repeat really came from the cache (see
test_list_cache_writes.py for freshness after writes).
"""

import json

import pytest

from events.models import Event
from tests.events.list_cache_pages import (
    assert_served_from_cache,
    cached_listing,
    cached_page,
    listed,
    page_table_reads,
)
from tests.factories import EventFactory, RsvpFactory, StaffFactory
from tests.helpers import assert_error, bearer_client, database_statements, rsvp_path

pytestmark = pytest.mark.django_db

LIST_PATHS = ["/events", "/events/all"]
USER_ADMIN = "/admin/accounts/user/"


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
