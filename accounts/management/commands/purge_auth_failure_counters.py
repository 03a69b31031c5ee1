from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.lockout import auth_failure_counters_purge


class Command(BaseCommand):
    help = "Delete login/register attempt counters whose window and lock have both ended."

    def handle(self, *args, **options):
        deleted = auth_failure_counters_purge(now=timezone.now())
        self.stdout.write(f"Purged {deleted} stale attempt counter(s).")
