from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.services import revoked_tokens_purge


class Command(BaseCommand):
    help = "Delete revoked refresh-token records whose tokens have expired anyway."

    def handle(self, *args, **options):
        deleted = revoked_tokens_purge(now=timezone.now())
        self.stdout.write(f"Purged {deleted} expired revoked-token record(s).")
