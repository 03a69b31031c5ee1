"""Writes on the task queue's own records."""

from datetime import datetime, timedelta

from eventsite.tasks.models import TaskRun

# SQS keeps a message at most 14 days: a run recorded for longer than that has no message left
# that could be delivered again, so its record no longer keeps anything from running twice.
TASK_RUN_KEEP_DAYS = 14


def task_runs_purge(*, now: datetime, keep_days: int = TASK_RUN_KEEP_DAYS) -> int:
    """Delete the records of runs that finished more than ``keep_days`` ago; how many went."""
    deleted, _ = TaskRun.objects.filter(finished_at__lt=now - timedelta(days=keep_days)).delete()
    return deleted
