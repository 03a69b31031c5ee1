"""One row per task message: what makes a redelivered message do nothing twice."""

from django.db import models
from django.utils import timezone


class TaskRun(models.Model):
    """A message's run: claimed (``started_at``) while it runs, done once ``finished_at`` is set.

    The primary key is the message id. A failed run gives its claim back (``started_at`` empty)
    so that the next delivery runs it again; a claim older than ``TASKS_LEASE_SECONDS`` is
    treated as the remains of a crashed run.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    task = models.CharField(max_length=200)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["id"], name="taskrun_id_idx")]

    def __str__(self) -> str:
        return f"{self.task} {self.id}"
