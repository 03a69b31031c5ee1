"""Login lockout over the wire: failure counters change by single-document conditional updates."""

import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings

from tests.mongo.documents import FAILURE_COUNTERS, USERS, naive_utc, stored_user

INCREMENT = [{"$set": {"failures": {"$add": ["$failures", {"$literal": 1}]}}}]


def log_in(api_client, *, password: str):
    return api_client.post("/users/login", {"email": "ada@example.com", "password": password}, format="json")


def stored_counter(*, locked_for: timedelta) -> dict:
    now = datetime.now(UTC)
    return {
        "_id": None,
        "id": uuid.uuid4().hex,
        "key": "account:locked",
        "failures": 0,
        "window_started_at": naive_utc(now),
        "locked_until": naive_utc(now + locked_for),
    }


def terms(condition: dict) -> list[dict]:
    return list(condition["$and"]) if set(condition) == {"$and"} else [condition]


def test_failed_login_counts_with_single_document_updates_outside_any_transaction(wire, api_client):
    known = stored_counter(locked_for=timedelta(0))
    # No lock found; the client address has no counter yet, the account already has one.
    wire.answer(FAILURE_COUNTERS, [], [], [{"id": known["id"]}])
    wire.answer(USERS, [stored_user()])

    response = log_in(api_client, password="not-the-password-1")

    assert response.status_code == 401
    (created,) = wire.sent("insert", FAILURE_COUNTERS)
    (new,) = created.doc["documents"]
    assert (new["failures"], new["locked_until"]) == (0, None)
    updates = wire.sent("update", FAILURE_COUNTERS)
    assert all(len(command.doc["updates"]) == 1 for command in updates)
    statements = [command.doc["updates"][0] for command in updates]
    assert len(statements) == 6
    for counter_id, steps in ((new["id"], statements[:3]), (known["id"], statements[3:])):
        assert all({"id": counter_id} in terms(step["q"]) for step in steps)
        restart, increment, lock = steps
        assert "'window_started_at': OrderedDict({'$lte'" in str(restart["q"])
        assert restart["u"][0]["$set"]["failures"] == {"$literal": 0}
        assert increment["q"] == {"id": counter_id}
        assert increment["u"] == INCREMENT
        assert set(lock["u"][0]["$set"]) == {"failures", "window_started_at", "locked_until"}
    client_limit, account_limit = (
        next(term["failures"]["$gte"] for term in terms(steps[2]["q"]) if "failures" in term)
        for steps in (statements[:3], statements[3:])
    )
    assert (client_limit, account_limit) == (
        settings.LOGIN_LOCKOUT["CLIENT_FAILURES"],
        settings.LOGIN_LOCKOUT["ACCOUNT_FAILURES"],
    )
    assert not any(
        "startTransaction" in command.doc or "autocommit" in command.doc for command in wire.commands
    )


def test_locked_account_answers_429_without_reading_the_user_or_writing(wire, api_client):
    wire.answer(FAILURE_COUNTERS, [stored_counter(locked_for=timedelta(minutes=10))])

    response = log_in(api_client, password="correct-Horse-battery-9")

    assert response.status_code == 429
    assert 590 <= int(response["Retry-After"]) <= 600
    (lookup,) = wire.sent("aggregate", FAILURE_COUNTERS)
    keys, until = terms(lookup.doc["pipeline"][0]["$match"])
    assert len(keys["key"]["$in"]) == 2  # the account's counter and the client address's
    assert list(until["locked_until"]) == ["$gt"]
    assert wire.sent("aggregate", USERS) == []
    assert wire.writes() == []
