"""Login lockout over the wire: failure counters change by single-document conditional updates."""

import re
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


def limit_in(statement: dict, operator: str) -> int:
    """The bound ``operator`` puts on ``failures`` anywhere in the statement's filter."""
    (limit,) = re.findall(rf"'failures': OrderedDict\(\{{'\{operator}': (\d+)\}}\)", str(statement["q"]))
    return int(limit)


def test_a_login_is_counted_before_the_password_is_checked_by_single_document_updates(wire, api_client):
    known = stored_counter(locked_for=timedelta(0))
    # The client address and the account at it have no counter yet; the account has one.
    wire.answer(FAILURE_COUNTERS, [], [], [known])
    wire.answer(USERS, [stored_user()])

    response = log_in(api_client, password="not-the-password-1")

    assert response.status_code == 401
    created = [command.doc["documents"][0] for command in wire.sent("insert", FAILURE_COUNTERS)]
    assert [(new["failures"], new["locked_until"]) for new in created] == [(0, None), (0, None)]
    updates = wire.sent("update", FAILURE_COUNTERS)
    assert all(len(command.doc["updates"]) == 1 for command in updates)
    statements = [command.doc["updates"][0] for command in updates]
    assert len(statements) == 9
    counted, locks = statements[:6], statements[6:]
    limits = settings.LOGIN_LOCKOUT
    expected = (limits["CLIENT_FAILURES"], limits["ACCOUNT_CLIENT_FAILURES"], limits["ACCOUNT_FAILURES"])
    counter_ids = [created[0]["id"], created[1]["id"], known["id"]]
    steps = zip(counted[::2], counted[1::2], strict=True)
    for counter_id, (restart, take) in zip(counter_ids, steps, strict=True):
        assert all({"id": counter_id} in terms(step["q"]) for step in (restart, take))
        assert "'window_started_at': OrderedDict({'$lte'" in str(restart["q"])
        assert restart["u"][0]["$set"]["failures"] == {"$literal": 0}
        assert take["u"] == INCREMENT
    assert tuple(limit_in(take, "$lt") for take in counted[1::2]) == expected
    assert tuple(limit_in(lock, "$gte") for lock in locks) == expected
    locked_fields = {"failures", "window_started_at", "locked_until"}
    assert all(set(lock["u"][0]["$set"]) == locked_fields for lock in locks)
    # Every attempt is counted before the user is read and the password checked.
    order = [(command.name, command.collection) for command in wire.commands]
    user_lookup = order.index(("aggregate", USERS))
    assert order[:user_lookup].count(("update", FAILURE_COUNTERS)) == 6
    assert not any(
        "startTransaction" in command.doc or "autocommit" in command.doc for command in wire.commands
    )


def test_locked_account_answers_429_without_reading_the_user(wire, api_client):
    client_counter = stored_counter(locked_for=timedelta(0))
    locked = stored_counter(locked_for=timedelta(minutes=10))
    wire.answer(FAILURE_COUNTERS, [client_counter], [locked], [locked])
    # Restart and count on the client address; on the locked counter neither matches; the
    # client address's attempt is given back; the lock is already set.
    wire.count("update", FAILURE_COUNTERS, 0, 1, 0, 0, 1, 0)

    response = log_in(api_client, password="correct-Horse-battery-9")

    assert response.status_code == 429
    assert 590 <= int(response["Retry-After"]) <= 600
    *_, lookup = wire.sent("aggregate", FAILURE_COUNTERS)
    keys, until = terms(lookup.doc["pipeline"][0]["$match"])
    assert len(keys["key"]["$in"]) == 3  # the account at this address, the account, the address
    assert list(until["locked_until"]) == ["$gt"]
    assert wire.sent("aggregate", USERS) == []
