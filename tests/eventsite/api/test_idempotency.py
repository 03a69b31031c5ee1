"""``Idempotency-Key`` on event creation and RSVP: one write per key, the first answer replayed."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Rsvp
from eventsite.api.models import IdempotencyKey
from tests.factories import EventFactory, IdempotencyKeyFactory, UserFactory
from tests.helpers import assert_error, bearer_client, rsvp_path, run_race, shared_database_url

pytestmark = pytest.mark.django_db

EVENT = {"title": "Retry-safe meetup", "date": "2031-05-01T18:00:00.000Z", "location": "Lisbon"}
CREATE_PATHS = ["/events", "/events/create"]
SENDERS = 8


def post(client, path, body=None, key="key-1"):
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post(path, body, format="json", **headers)


@pytest.mark.parametrize("path", CREATE_PATHS)
def test_a_retry_with_the_same_key_returns_the_first_answer_without_a_second_event(auth_client, path):
    first = post(auth_client, path, EVENT)
    retry = post(auth_client, path, EVENT)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Event.objects.count() == 1


def test_without_a_key_each_post_creates_an_event(auth_client):
    post(auth_client, "/events", EVENT, key=None)
    post(auth_client, "/events", EVENT, key=None)

    assert Event.objects.count() == 2


def test_the_same_key_with_a_different_body_is_422(auth_client):
    post(auth_client, "/events", EVENT)

    assert_error(post(auth_client, "/events", {**EVENT, "title": "Other"}), 422, "idempotency_key_reused")
    assert list(Event.objects.values_list("title", flat=True)) == [EVENT["title"]]


def test_the_same_key_on_another_endpoint_is_422(auth_client, event):
    post(auth_client, "/events", EVENT)

    assert_error(post(auth_client, rsvp_path(event)), 422, "idempotency_key_reused")
    assert not Rsvp.objects.exists()


def test_keys_are_not_shared_between_users(auth_client, other_user):
    mine = post(auth_client, "/events", EVENT)
    theirs = post(bearer_client(other_user), "/events", EVENT)

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["event"]["eventId"] != theirs.json()["event"]["eventId"]
    assert theirs.json()["event"]["createdBy"] == str(other_user.pk)


def test_a_key_older_than_24_hours_is_forgotten(auth_client):
    first = post(auth_client, "/events", EVENT)
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, minutes=1))

    again = post(auth_client, "/events", EVENT)

    assert again.status_code == 201
    assert not again.has_header("Idempotent-Replayed")
    assert again.json()["event"]["eventId"] != first.json()["event"]["eventId"]
    assert Event.objects.count() == 2


def mark_in_progress(**changes) -> None:
    """Turn the stored answer back into the state it has while the first request still runs."""
    IdempotencyKey.objects.update(status_code=None, response_body=None, **changes)


def test_a_duplicate_while_the_first_request_is_in_progress_is_409(auth_client):
    post(auth_client, "/events", EVENT)
    mark_in_progress()

    assert_error(post(auth_client, "/events", EVENT), 409, "request_in_progress")
    assert Event.objects.count() == 1


def test_an_in_progress_key_abandoned_by_a_dead_request_is_taken_over(auth_client):
    post(auth_client, "/events", EVENT)
    Event.objects.all().delete()  # the dead request's write was rolled back with it
    mark_in_progress(created_at=timezone.now() - timedelta(minutes=16))

    assert post(auth_client, "/events", EVENT).status_code == 201
    assert post(auth_client, "/events", EVENT)["Idempotent-Replayed"] == "true"
    assert Event.objects.count() == 1


def test_a_validation_error_is_replayed_as_well(auth_client):
    first = post(auth_client, "/events", {"title": ""})
    retry = post(auth_client, "/events", {"title": ""})

    assert_error(first, 400, "invalid")
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve"])
def test_a_malformed_key_is_400_naming_the_header(auth_client, key):
    body = assert_error(post(auth_client, "/events", EVENT, key=key), 400, "invalid")

    assert set(body["errors"]) == {"Idempotency-Key"}
    assert not Event.objects.exists()


def test_the_key_needs_an_authenticated_caller(api_client):
    assert_error(post(api_client, "/events", EVENT), 401)
    assert not IdempotencyKey.objects.exists()


def test_an_rsvp_retry_returns_the_first_answer(user):
    event = EventFactory()
    client = bearer_client(user)

    first = post(client, rsvp_path(event))
    retry = post(client, rsvp_path(event))

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Rsvp.objects.filter(event=event).count() == 1


def test_purge_deletes_only_keys_past_the_replay_window(capsys):
    old = IdempotencyKeyFactory(created_at=timezone.now() - timedelta(hours=25))
    recent = IdempotencyKeyFactory()

    call_command("purge_idempotency_keys")

    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "Purged 1 expired" in capsys.readouterr().out
    assert not IdempotencyKey.objects.filter(pk=old.pk).exists()


def test_concurrent_duplicates_write_once(tmp_path, mongo_server):
    database_url = shared_database_url(mongo_server)
    sender = "--create" if database_url is None else UserFactory().pk

    result = run_race(
        "tests.eventsite.api.idempotency_race", tmp_path, SENDERS, sender, database_url=database_url
    )

    answers = Counter((status, replayed) for status, replayed, _ in result["answers"])
    assert result["events"] == 1
    assert answers[(201, False)] == 1
    assert set(answers) <= {(201, False), (201, True), (409, False)}, result["answers"]
    assert answers.total() == SENDERS
    first, *replays = [json.loads(body) for status, _, body in result["answers"] if status == 201]
    assert all(replay == first for replay in replays)
