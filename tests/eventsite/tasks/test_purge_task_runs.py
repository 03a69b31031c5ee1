import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from eventsite.tasks.models import TaskRun


def task_run(*, finished_days_ago: float | None) -> TaskRun:
    now = timezone.now()
    finished = None if finished_days_ago is None else now - timedelta(days=finished_days_ago)
    return TaskRun.objects.create(id=uuid.uuid4(), task="t", started_at=finished or now, finished_at=finished)


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_task_runs", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_runs_finished_more_than_fourteen_days_ago_and_keeps_the_rest(db):
    old = task_run(finished_days_ago=15)
    recent = task_run(finished_days_ago=13)
    unfinished = task_run(finished_days_ago=None)

    assert purge() == "Purged 1 finished task run record(s).\n"

    assert set(TaskRun.objects.values_list("id", flat=True)) == {recent.pk, unfinished.pk}
    assert not TaskRun.objects.filter(pk=old.pk).exists()


def test_purge_keeps_as_many_days_as_asked(db):
    task_run(finished_days_ago=2)
    kept = task_run(finished_days_ago=0.5)

    assert purge("--days", "1") == "Purged 1 finished task run record(s).\n"
    assert list(TaskRun.objects.values_list("id", flat=True)) == [kept.pk]


def test_purge_refuses_to_keep_less_than_a_day(db):
    with pytest.raises(CommandError, match="at least 1"):
        purge("--days", "0")
