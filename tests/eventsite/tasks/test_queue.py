import time
import uuid
from datetime import datetime, timedelta

import pytest
from django.http import JsonResponse
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from eventsite.runtime.transactions import unit_of_work
from eventsite.tasks import enqueue, enqueue_in, task
from eventsite.tasks.backends import InlineBackend
from eventsite.tasks.models import TaskRun
from eventsite.tasks.queue import UnknownTask, message_for
from eventsite.tasks.runner import ALREADY_DONE, RAN, RUNNING_ELSEWHERE, BadMessage, run_message

ran: list[dict] = []
failures_left = {"count": 0}


@task
def remember(**kwargs):
    if failures_left["count"]:
        failures_left["count"] -= 1
        raise RuntimeError("not this time")
    ran.append(kwargs)


@pytest.fixture(autouse=True)
def _clean():
    ran.clear()
    failures_left["count"] = 0


def test_a_task_enqueued_in_a_unit_of_work_runs_once_the_unit_has_committed(db):
    def write():
        enqueue(remember, event_id="e1")
        assert ran == []

    unit_of_work(write)
    assert ran == [{"event_id": "e1"}]


def test_a_rolled_back_unit_of_work_sends_nothing(db):
    def write():
        enqueue(remember, event_id="e1")
        raise ValueError("the write fails")

    with pytest.raises(ValueError):
        unit_of_work(write)
    assert ran == []
    assert not TaskRun.objects.exists()


def test_a_task_enqueued_outside_a_transaction_runs_at_once(db):
    message_id = enqueue(remember, n=1)
    assert ran == [{"n": 1}]
    assert TaskRun.objects.get(pk=message_id).finished_at is not None


def test_task_arguments_must_be_json():
    with pytest.raises(TypeError, match="must be JSON"):
        enqueue(remember, when=datetime(2030, 1, 1))
    with pytest.raises(TypeError, match="must be JSON"):
        enqueue(remember, ratio=float("nan"))


def test_a_delay_beyond_fifteen_minutes_is_refused():
    with pytest.raises(ValueError, match="0 to 900"):
        enqueue_in(901, remember, n=1)


def test_a_message_delivered_twice_runs_once(db):
    message = message_for(remember, {"n": 1})
    assert run_message(message) == RAN
    assert run_message(message) == ALREADY_DONE
    assert ran == [{"n": 1}]


def test_a_failed_run_gives_its_claim_back_so_the_next_delivery_runs_it(db):
    failures_left["count"] = 1
    message = message_for(remember, {"n": 2})
    with pytest.raises(RuntimeError):
        run_message(message)
    run = TaskRun.objects.get(pk=message["id"])
    assert (run.started_at, run.finished_at, run.last_error) == (None, None, "RuntimeError: not this time")
    assert run_message(message, attempt=2) == RAN
    assert ran == [{"n": 2}]
    assert TaskRun.objects.get(pk=message["id"]).attempts == 2


def test_a_run_claimed_within_the_lease_is_left_to_its_owner_and_an_expired_one_is_taken_over(db, settings):
    message = message_for(remember, {"n": 3})
    TaskRun.objects.create(id=message["id"], task=message["task"], started_at=timezone.now(), attempts=1)
    assert run_message(message) == RUNNING_ELSEWHERE
    assert ran == []
    TaskRun.objects.filter(pk=message["id"]).update(
        started_at=timezone.now() - timedelta(seconds=settings.TASKS_LEASE_SECONDS + 1)
    )
    assert run_message(message) == RAN
    assert ran == [{"n": 3}]


def test_the_sync_back_end_retries_a_failing_task_and_logs_the_last_failure(db, caplog):
    failures_left["count"] = 2
    enqueue(remember, n=4)
    assert ran == [{"n": 4}]
    failures_left["count"] = 5
    enqueue(remember, n=5)
    assert ran == [{"n": 4}]
    assert [r.attempt for r in caplog.records if r.getMessage() == "task failed"][-3:] == [1, 2, 3]


@pytest.mark.parametrize(
    "message",
    [{}, {"id": "not-a-uuid", "task": "x", "args": {}}, {"id": str(uuid.uuid4()), "task": 1, "args": {}}, []],
)
def test_a_message_enqueue_never_sends_is_refused(message, db):
    with pytest.raises(BadMessage):
        run_message(message)


def test_a_message_naming_no_task_is_refused(db):
    with pytest.raises(UnknownTask):
        run_message({"id": str(uuid.uuid4()), "task": "events.tasks.no_such_task", "args": {}})


@pytest.mark.django_db(transaction=True)
def test_the_inline_back_end_runs_a_requests_tasks_on_its_worker_only_after_the_response_is_sent():
    backend = InlineBackend()
    backend.request_started()
    backend.send(message_for(remember, {"n": 6}))
    backend.wait_until_idle()
    assert ran == []
    backend.request_finished()
    backend.wait_until_idle()
    assert ran == [{"n": 6}]


def enqueue_and_wait(request):
    """A view that enqueues a task, then looks whether it ran while the request was still going."""
    enqueue(remember, n=7)
    time.sleep(0.2)
    return JsonResponse({"ranDuringTheRequest": list(ran)})


urlpatterns = [path("enqueue", enqueue_and_wait)]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS_BACKEND="inline", ROOT_URLCONF=__name__)
def test_the_inline_back_end_runs_a_task_enqueued_by_a_request_after_its_response(client):
    from eventsite.tasks import backends

    response = client.get("/enqueue")
    backends.current().wait_until_idle()
    assert response.json() == {"ranDuringTheRequest": []}
    assert ran == [{"n": 7}]
