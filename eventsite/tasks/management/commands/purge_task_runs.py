from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eventsite.tasks.services import TASK_RUN_KEEP_DAYS, task_runs_purge


class Command(BaseCommand):
    help = "Delete the records of background task runs that finished more than --days days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=TASK_RUN_KEEP_DAYS,
            help=f"keep runs that finished within this many days (default {TASK_RUN_KEEP_DAYS}, "
            "the longest SQS keeps a message, so no purged run can be delivered again)",
        )

    def handle(self, *args, **options):
        if options["days"] < 1:
            raise CommandError("--days must be at least 1")
        deleted = task_runs_purge(now=timezone.now(), keep_days=options["days"])
        self.stdout.write(f"Purged {deleted} finished task run record(s).")
