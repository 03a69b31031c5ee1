"""The public listing over the wire: its find filters on visibility and status and sorts by date
(the ``event_visibility_idx`` index); a second request is the version read alone."""

import pytest
from rest_framework.test import APIClient

from tests.mongo.documents import EVENTS, stored_event, stored_user
from tests.mongo.events_version import EVENTS_VERSIONS, stored_events_versions

PUBLIC_CONDITIONS = [{"status": "published"}, {"visibility": "public"}]


@pytest.fixture
def public_event() -> dict:
    return {**stored_event(owner=stored_user()), "visibility": "public"}


def sent(wire) -> list[tuple[str, str | None]]:
    return [(command.name, command.collection) for command in wire.commands]


def list_public(wire, public_event: dict, *, count: int = 1, shards: list[dict] | None = None, **params):
    wire.answer(EVENTS_VERSIONS, shards or stored_events_versions())
    wire.answer(EVENTS, [{"__count": count}], [public_event])
    response = APIClient().get("/public/events", params)
    assert response.status_code == 200, response.content
    return response


def stages_of(command) -> dict:
    return {name: value for stage in command.doc["pipeline"] for name, value in stage.items()}


def test_the_public_list_filters_on_visibility_and_status_and_sorts_by_date(wire, public_event):
    response = list_public(wire, public_event, count=2, page=2, pageSize=1)

    assert response.json()["count"] == 2
    # No user lookup: the public routes take no credentials.
    assert sent(wire) == [("aggregate", EVENTS_VERSIONS), ("aggregate", EVENTS), ("aggregate", EVENTS)]
    count, page = wire.sent("aggregate", EVENTS)
    # Equalities on both fields of the index's prefix, in any order; nothing else.
    for command in (count, page):
        (match,) = command.doc["pipeline"][0].values()
        assert sorted(match["$and"], key=str) == PUBLIC_CONDITIONS
    stages = stages_of(page)
    assert list(stages["$sort"].items()) == [("date", 1), ("id", 1)]
    assert (stages["$skip"], stages["$limit"]) == (1, 1)


def test_a_second_public_list_request_sends_only_the_version_read(wire, public_event):
    shards = stored_events_versions()
    first = list_public(wire, public_event, shards=shards)
    before = len(wire.commands)
    wire.answer(EVENTS_VERSIONS, shards)

    again = APIClient().get("/public/events")

    assert again.content == first.content
    assert sent(wire)[before:] == [("aggregate", EVENTS_VERSIONS)]


def test_a_public_event_is_looked_up_by_id_among_public_published_events(wire, public_event):
    wire.answer(EVENTS_VERSIONS, stored_events_versions())
    wire.answer(EVENTS, [public_event])

    response = APIClient().get(f"/public/events/{public_event['id']}")

    assert response.status_code == 200, response.content
    (lookup,) = wire.sent("aggregate", EVENTS)
    (match,) = lookup.doc["pipeline"][0].values()
    assert sorted(match["$and"], key=str) == sorted([*PUBLIC_CONDITIONS, {"id": public_event["id"]}], key=str)
