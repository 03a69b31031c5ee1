"""Public answers: one cached copy for all, retired by any event write; Cache-Control; the throttle."""

import pytest
from rest_framework.test import APIClient

from tests.factories import EventFactory, UserFactory
from tests.helpers import assert_error, bearer_client, database_statements, reads_of, set_throttle_rates

pytestmark = pytest.mark.django_db

PATHS = ["/public/events", "/public/events/{event}", "/public/events/{event}/ics", "/public/events.ics"]
EVENT_TABLES = ("events_event", "events_rsvp", "accounts_user")


@pytest.fixture
def owner_client(shown) -> APIClient:
    return bearer_client(shown.created_by)


@pytest.mark.parametrize("path", PATHS)
def test_a_second_public_read_reads_no_event_only_the_events_version(api_client, shown, path):
    path = path.format(event=shown.pk)
    first = api_client.get(path)

    with database_statements() as statements:
        again = api_client.get(path)

    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert reads_of(statements, *EVENT_TABLES) == []
    # What is left is the version read that keys the copy (events.caching).
    assert [statement.table for statement in statements] == ["events_eventsversion"]


@pytest.mark.parametrize("path", PATHS)
def test_another_reader_gets_the_same_cached_copy(api_client, shown, path):
    path = path.format(event=shown.pk)
    api_client.get(path)

    with database_statements() as statements:
        response = bearer_client(UserFactory()).get(path)

    assert response.status_code == 200
    assert reads_of(statements, *EVENT_TABLES) == []


@pytest.mark.parametrize("path", PATHS)
def test_an_edit_to_the_event_shows_at_once_after_the_write(api_client, owner_client, shown, path):
    path = path.format(event=shown.pk)
    assert b"Open day" in api_client.get(path).content

    changed = owner_client.patch(f"/events/{shown.pk}", {"title": "Open night"}, format="json")

    assert changed.status_code == 200, changed.content
    response = api_client.get(path)
    assert b"Open night" in response.content and b"Open day" not in response.content


def test_an_event_made_public_appears_at_once(api_client, owner_client, shown):
    assert api_client.get("/public/events").json()["count"] == 1
    members_only = EventFactory(created_by=shown.created_by, title="Soon public")

    owner_client.patch(f"/events/{members_only.pk}", {"visibility": "public"}, format="json")

    assert api_client.get("/public/events").json()["count"] == 2
    assert api_client.get(f"/public/events/{members_only.pk}").status_code == 200


def test_a_deleted_event_leaves_the_public_routes_at_once(api_client, owner_client, shown):
    api_client.get(f"/public/events/{shown.pk}")

    assert owner_client.delete(f"/events/{shown.pk}").status_code == 204

    assert_error(api_client.get(f"/public/events/{shown.pk}"), 404, "not_found")
    assert api_client.get("/public/events").json()["count"] == 0


@pytest.mark.parametrize("path", PATHS)
def test_public_answers_may_be_kept_by_anyone_for_the_configured_time(settings, api_client, shown, path):
    settings.PUBLIC_EVENTS_MAX_AGE = 90
    path = path.format(event=shown.pk)

    for response in (api_client.get(path), api_client.get(path)):  # built, then from the cache
        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=90"}
        assert "Accept" in response["Vary"]


def test_the_default_public_max_age_is_a_minute(api_client, shown):
    assert api_client.get("/public/events")["Cache-Control"] in ("public, max-age=60", "max-age=60, public")


def test_a_not_found_public_event_is_not_marked_cacheable(api_client, hidden):
    response = api_client.get(f"/public/events/{hidden['draft'].pk}")

    assert response.status_code == 404
    assert not response.has_header("Cache-Control")


def test_the_browsable_api_is_neither_cached_nor_marked_public(api_client, shown):
    response = api_client.get("/public/events", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert b"Open day" in response.content
    assert not response.has_header("Cache-Control")


def test_with_the_list_cache_off_every_public_read_reads_the_events(no_list_cache, api_client, shown):
    api_client.get("/public/events")

    with database_statements() as statements:
        api_client.get("/public/events")

    assert reads_of(statements, "events_event")


def test_a_public_reader_past_the_public_rate_gets_429_with_retry_after(settings, monkeypatch, shown):
    set_throttle_rates(settings, monkeypatch, public="3/min")
    client = APIClient()
    paths = [path.format(event=shown.pk) for path in PATHS]

    responses = [client.get(path) for path in paths]

    # Every public route counts towards one rate.
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    throttled = responses[-1]
    body = assert_error(throttled, 429, "throttled")
    retry_after = int(throttled["Retry-After"])
    assert 0 < retry_after <= 60 and str(retry_after) in body["message"]


def test_the_public_rate_counts_per_client_address_whatever_the_credentials(
    settings, monkeypatch, shown, user
):
    set_throttle_rates(settings, monkeypatch, public="2/min")
    signed_in = bearer_client(user)

    assert [signed_in.get("/public/events").status_code for _ in range(2)] == [200, 200]
    # The same address, now without a token: the same count.
    assert_error(APIClient().get("/public/events"), 429, "throttled")
    assert APIClient(REMOTE_ADDR="198.51.100.8").get("/public/events").status_code == 200


def test_the_public_rate_leaves_the_members_routes_alone(settings, monkeypatch, shown, user):
    set_throttle_rates(settings, monkeypatch, public="1/min")
    client = bearer_client(user)
    client.get("/public/events")

    assert client.get("/events").status_code == 200
    assert client.get("/public/events").status_code == 429


def test_the_public_rate_defaults_to_120_a_minute():
    from eventsite.conf.api import rest_framework_from_environ

    assert rest_framework_from_environ()["DEFAULT_THROTTLE_RATES"]["public"] == "120/min"


def test_a_head_request_first_leaves_the_whole_answer_for_the_next_get(api_client, shown):
    head = api_client.head("/public/events")

    response = api_client.get("/public/events")

    assert head.status_code == 200 and head.content == b""
    assert [event["title"] for event in response.json()["events"]] == ["Open day"]
