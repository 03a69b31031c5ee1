"""Multi-document writes run in one MongoDB transaction through
``eventsite.runtime.transactions.unit_of_work``: the whole unit runs again on
``TransientTransactionError``, the commit alone is sent again on ``UnknownTransactionCommitResult``,
both within bounds."""

import time
import uuid
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import User
from eventsite.runtime.transactions import MAX_ATTEMPTS, TransactionConflict
from tests.mongo.documents import (
    EVENTS,
    RSVPS,
    TICKETS,
    USERS,
    as_model_user,
    client_for,
    stored_event,
    stored_user,
)
from tests.mongo.events_version import EVENTS_VERSIONS, transaction_key, transaction_of, version_write_in


@pytest.fixture
def no_backoff(monkeypatch) -> list[float]:
    """The pauses between attempts, recorded instead of slept."""
    pauses: list[float] = []
    monkeypatch.setattr(
        "eventsite.runtime.transactions.time", SimpleNamespace(monotonic=time.monotonic, sleep=pauses.append)
    )
    return pauses


def test_admin_user_delete_cascades_inside_one_committed_transaction(wire):
    user = stored_user()
    wire.answer("accounts_user", [user])
    model_admin = admin.site._registry[User]

    model_admin.delete_model(RequestFactory().post("/admin/"), as_model_user(user))

    in_transaction = [command for command in wire.commands if command.doc.get("autocommit") is False]
    assert in_transaction[0].doc["startTransaction"] is True
    session = in_transaction[0].doc["lsid"]
    deletes = wire.sent("delete")
    assert len(deletes) > 1
    assert all(command in in_transaction and command.doc["lsid"] == session for command in deletes)
    assert uuid.UUID(user["id"]).hex in str(wire.sent("delete", "accounts_user")[0].doc)
    (commit,) = wire.sent("commitTransaction")
    assert commit.doc["lsid"] == session
    assert transaction_of(wire, commit) == in_transaction
    # The user's events go with them: the events version changes in the same transaction.
    assert version_write_in(wire, commit) in in_transaction


WRITE_CONFLICT = {"code": 112, "code_name": "WriteConflict", "labels": ("TransientTransactionError",)}


def post_rsvp(wire):
    """``POST /events/{id}/rsvp`` to an open event with free seats."""
    member = stored_user()
    event = {**stored_event(owner=stored_user(email="host@example.com")), "capacity": 2}
    wire.answer(USERS, [member])
    wire.answer(EVENTS, [event])
    return client_for(member).post(f"/events/{event['id']}/rsvp")


def names(commands) -> list[tuple[str, str | None]]:
    return [(command.name, command.collection) for command in commands]


RSVP_UNIT = [("update", EVENTS), ("insert", RSVPS), ("insert", TICKETS), ("update", EVENTS_VERSIONS)]


def test_a_write_conflict_runs_the_whole_unit_again_in_a_new_transaction(wire, no_backoff):
    wire.refuse("update", EVENTS, **WRITE_CONFLICT)

    response = post_rsvp(wire)

    assert response.status_code == 201, response.content
    (abort,) = wire.sent("abortTransaction")
    assert names(transaction_of(wire, abort)) == [("update", EVENTS), ("abortTransaction", None)]
    (commit,) = wire.sent("commitTransaction")
    retry = transaction_of(wire, commit)
    assert names(retry) == [*RSVP_UNIT, ("commitTransaction", None)]
    assert wire.commands.index(abort) < wire.commands.index(retry[0])
    assert transaction_key(abort) != transaction_key(commit)
    version_write_in(wire, commit)
    assert len(no_backoff) == 1


def test_write_conflicts_that_go_on_answer_503_after_max_attempts_and_commit_nothing(wire, no_backoff):
    wire.refuse("update", EVENTS, **WRITE_CONFLICT, times=MAX_ATTEMPTS + 1)

    response = post_rsvp(wire)

    assert response.status_code == 503, response.content
    assert response.json()["code"] == "transaction_conflict"
    assert response["Retry-After"] == str(TransactionConflict.retry_after_seconds)
    aborts = wire.sent("abortTransaction")
    assert len(aborts) == len(wire.sent("update", EVENTS)) == MAX_ATTEMPTS
    assert all(
        names(transaction_of(wire, abort)) == [("update", EVENTS), ("abortTransaction", None)]
        for abort in aborts
    )
    assert len({transaction_key(abort) for abort in aborts}) == MAX_ATTEMPTS
    assert not wire.sent("commitTransaction") and not wire.sent("insert", RSVPS)
    # A pause between attempts, none after the last.
    assert len(no_backoff) == MAX_ATTEMPTS - 1


def test_a_commit_whose_outcome_is_unknown_is_sent_again_without_running_the_unit_again(wire, no_backoff):
    wire.refuse(
        "commitTransaction",
        None,
        code=50,
        code_name="MaxTimeMSExpired",
        labels=("UnknownTransactionCommitResult",),
    )

    response = post_rsvp(wire)

    assert response.status_code == 201, response.content
    first, second = wire.sent("commitTransaction")
    # The same transaction's commit again, as the driver retries one: majority write concern.
    assert transaction_key(first) == transaction_key(second)
    assert second.doc["writeConcern"]["w"] == "majority"
    assert names(transaction_of(wire, second)) == [
        *RSVP_UNIT,
        ("commitTransaction", None),
        ("commitTransaction", None),
    ]
    assert not wire.sent("abortTransaction")
    assert not no_backoff
