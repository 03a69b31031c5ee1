from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eventsite.audit.services import audit_entries_purge


class Command(BaseCommand):
    help = "Delete audit log entries older than --days days (default AUDIT_LOG_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep entries of this many days")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else settings.AUDIT_LOG_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1")
        deleted = audit_entries_purge(now=timezone.now(), keep_days=days)
        self.stdout.write(f"Purged {deleted} audit log entr{'y' if deleted == 1 else 'ies'}.")
