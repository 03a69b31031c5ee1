from django.core.management.base import BaseCommand
from django.utils import timezone

from eventsite.api.idempotency import idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete Idempotency-Key records older than the 24-hour replay window."

    def handle(self, *args, **options):
        deleted = idempotency_keys_purge(now=timezone.now())
        self.stdout.write(f"Purged {deleted} expired idempotency key record(s).")
