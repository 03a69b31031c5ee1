"""The public routes show published public events to anyone, and nothing else (GET /public/events…)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Event
from events.public import selectors
from tests.events.public.conftest import PUBLIC
from tests.factories import EventFactory, RsvpFactory, StaffFactory, TeamMemberFactory
from tests.helpers import assert_error, bearer_client, expired_token, wrongly_signed_token

pytestmark = pytest.mark.django_db

HIDDEN_KINDS = ["draft", "cancelled", "members"]
# What the public JSON holds of an event: nothing about people (no creator, RSVPs or counts).
PUBLIC_KEYS = {
    "eventId",
    "title",
    "description",
    "date",
    "endDate",
    "timezone",
    "location",
    "status",
    "visibility",
    "capacity",
    "spotsLeft",
}
BAD_AUTHORIZATIONS = ["Bearer not-a-token", "Api-Key esk_nope_nope", "Basic Zm9vOmJhcg=="]


def public_titles(client: APIClient, **params) -> list[str]:
    response = client.get("/public/events", params)
    assert response.status_code == 200, response.content
    return [event["title"] for event in response.json()["events"]]


def test_the_public_list_shows_published_public_events_to_anonymous_readers(api_client, shown, hidden):
    response = api_client.get("/public/events")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["message"], body["count"], body["next"], body["previous"]) == (
        "Public events retrieved successfully",
        1,
        None,
        None,
    )
    assert [event["eventId"] for event in body["events"]] == [str(shown.pk)]


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_the_public_list_never_shows_a_hidden_event(api_client, hidden, kind):
    assert hidden[kind].title not in public_titles(api_client)


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_a_hidden_event_is_not_found_as_a_public_event(api_client, hidden, kind):
    body = assert_error(api_client.get(f"/public/events/{hidden[kind].pk}"), 404, "not_found")

    # The same answer as for an id that does not exist: nothing tells them apart.
    assert body == assert_error(api_client.get(f"/public/events/{uuid.uuid4()}"), 404, "not_found")


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_a_hidden_event_has_no_public_calendar(api_client, hidden, kind):
    assert_error(api_client.get(f"/public/events/{hidden[kind].pk}/ics"), 404, "not_found")


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_the_public_feed_leaves_out_a_hidden_event(api_client, shown, hidden, kind):
    response = api_client.get("/public/events.ics")

    assert response.status_code == 200, response.content
    assert b"SUMMARY:Open day" in response.content
    assert f"UID:{hidden[kind].pk}@".encode() not in response.content
    assert hidden[kind].title.encode() not in response.content


def test_a_malformed_event_id_is_not_found(api_client):
    assert_error(api_client.get("/public/events/not-an-id"), 404, "not_found")


def test_a_public_event_is_shown_by_id_with_the_public_fields_only(api_client, shown):
    response = api_client.get(f"/public/events/{shown.pk}")

    assert response.status_code == 200, response.content
    assert response.json()["message"] == "Event retrieved successfully"
    event = response.json()["event"]
    assert set(event) == PUBLIC_KEYS
    assert (event["eventId"], event["title"], event["status"], event["visibility"]) == (
        str(shown.pk),
        "Open day",
        "published",
        "public",
    )


def test_public_answers_hold_no_attendee_or_caller_data(shown):
    shown.capacity = 10
    shown.save()
    attendee = RsvpFactory(event=shown).user
    TeamMemberFactory(event=shown, role="organizer")
    client = bearer_client(attendee)

    listed = client.get("/public/events").json()["events"][0]
    detail = client.get(f"/public/events/{shown.pk}").json()["event"]
    feed = client.get("/public/events.ics").content + client.get(f"/public/events/{shown.pk}/ics").content

    assert set(listed) == set(detail) == PUBLIC_KEYS
    assert detail["spotsLeft"] == 9
    shown_text = f"{listed}{detail}".encode() + feed
    for private in (attendee.email, attendee.name, str(attendee.pk), str(shown.created_by_id)):
        assert private.encode() not in shown_text
    assert shown.created_by.email.encode() not in shown_text


def test_the_public_list_is_in_date_order_and_paged(api_client):
    later = EventFactory(title="Later", date="2031-03-01T10:00:00Z", visibility=PUBLIC)
    EventFactory(title="Sooner", date="2031-01-01T10:00:00Z", visibility=PUBLIC)

    assert public_titles(api_client) == ["Sooner", "Later"]
    page = api_client.get("/public/events", {"pageSize": 1, "page": 2}).json()
    assert (page["count"], [event["eventId"] for event in page["events"]]) == (2, [str(later.pk)])
    assert page["previous"] is not None and page["next"] is None


def test_the_public_list_filters_by_from_and_to(api_client):
    EventFactory(title="January", date="2031-01-10T10:00:00Z", visibility=PUBLIC)
    EventFactory(title="February", date="2031-02-10T10:00:00Z", visibility=PUBLIC)
    EventFactory(title="March", date="2031-03-10T10:00:00Z", visibility=PUBLIC)

    assert public_titles(api_client, **{"from": "2031-02-01", "to": "2031-02-28"}) == ["February"]
    assert public_titles(api_client, **{"from": "2031-02-11T00:00:00Z"}) == ["March"]
    assert public_titles(api_client, to="2031-01-10") == ["January"]


@pytest.mark.parametrize("params", [{"from": "yesterday"}, {"to": "2031-13-01"}, {"pageSize": "0"}])
def test_a_bad_public_list_parameter_is_a_400_naming_it(api_client, params):
    body = assert_error(api_client.get("/public/events", params), 400, "invalid")

    assert set(body["errors"]) == set(params)


def test_the_public_list_ignores_the_event_lists_other_filters(api_client, shown, hidden):
    # ``status`` and ``createdBy=me`` name callers and statuses the public list does not have.
    assert public_titles(api_client, status="draft", createdBy="me") == ["Open day"]


@pytest.mark.parametrize("authorization", BAD_AUTHORIZATIONS)
@pytest.mark.parametrize(
    "path", ["/public/events", "/public/events/{event}", "/public/events/{event}/ics", "/public/events.ics"]
)
def test_a_bad_authorization_header_does_not_matter_on_public_routes(shown, authorization, path):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=authorization)

    assert client.get(path.format(event=shown.pk)).status_code == 200


def test_an_expired_or_forged_token_does_not_matter_either(shown, user):
    for authorization in (expired_token(user), wrongly_signed_token(user)):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=authorization)
        assert client.get(f"/public/events/{shown.pk}").status_code == 200


def test_signing_in_shows_no_more_on_public_routes(shown, hidden):
    # Staff see drafts in /events; the public routes answer them as anyone.
    client = bearer_client(StaffFactory())

    assert [event["title"] for event in client.get("/public/events").json()["events"]] == ["Open day"]
    assert_error(client.get(f"/public/events/{hidden['draft'].pk}"), 404, "not_found")


def test_the_public_event_calendar_is_the_event_in_icalendar(api_client, shown):
    response = api_client.get(f"/public/events/{shown.pk}/ics/")

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'inline; filename="event-{shown.pk}.ics"'
    assert f"UID:{shown.pk}@eventsite".encode() in response.content
    assert response.content.count(b"BEGIN:VEVENT") == 1


def test_the_public_feed_holds_every_public_event_and_is_no_event_id(api_client, shown):
    other = EventFactory(title="Second open day", visibility=PUBLIC)

    response = api_client.get("/public/events.ics")

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'inline; filename="public-events.ics"'
    assert response.content.count(b"BEGIN:VEVENT") == 2
    assert f"UID:{other.pk}@eventsite".encode() in response.content
    assert b"X-WR-CALNAME:eventsite public events" in response.content


def test_a_public_event_turned_members_only_leaves_the_public_routes(auth_client, user, api_client):
    event = EventFactory(created_by=user, visibility=PUBLIC)
    assert api_client.get(f"/public/events/{event.pk}").status_code == 200

    response = auth_client.patch(f"/events/{event.pk}", {"visibility": "members"}, format="json")

    assert response.status_code == 200, response.content
    assert_error(api_client.get(f"/public/events/{event.pk}"), 404, "not_found")
    assert Event.objects.get(pk=event.pk).visibility == Event.Visibility.MEMBERS


def test_the_public_feed_leaves_out_events_that_started_over_thirty_days_ago(api_client, shown):
    old = EventFactory(
        title="Last year's open day", visibility=PUBLIC, date=timezone.now() - timedelta(days=31)
    )
    recent = EventFactory(
        title="Last week's open day", visibility=PUBLIC, date=timezone.now() - timedelta(days=7)
    )

    content = api_client.get("/public/events.ics").content

    assert f"UID:{recent.pk}@eventsite".encode() in content
    assert f"UID:{shown.pk}@eventsite".encode() in content
    assert f"UID:{old.pk}@eventsite".encode() not in content


def test_the_public_feed_stops_at_its_most_events_the_soonest_first(api_client, monkeypatch):
    monkeypatch.setattr(selectors, "FEED_MAX_EVENTS", 2)
    soon, _, latest = (
        EventFactory(visibility=PUBLIC, date=timezone.now() + timedelta(days=days)) for days in (1, 2, 3)
    )

    content = api_client.get("/public/events.ics").content

    assert content.count(b"BEGIN:VEVENT") == 2
    assert f"UID:{soon.pk}@eventsite".encode() in content
    assert f"UID:{latest.pk}@eventsite".encode() not in content
