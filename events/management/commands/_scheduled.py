"""What the scheduled-job commands share: run the job, then let the tasks it enqueued finish."""

from collections.abc import Callable

from django.core.management.base import BaseCommand

from eventsite.tasks import backends


class ScheduledJobCommand(BaseCommand):
    """Runs ``job`` (a function of ``events.tasks`` a schedule also calls) and reports ``done``."""

    job: Callable[[], int]
    done: str

    def handle(self, *args, **options):
        found = type(self).job()
        backend = backends.current()
        # The inline back end runs tasks on a thread of this process: wait before the process ends.
        if hasattr(backend, "wait_until_idle"):
            backend.wait_until_idle()
        self.stdout.write(self.done.format(count=found))
