from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from events.webhooks.services import webhook_deliveries_purge


class Command(BaseCommand):
    help = "Delete webhook delivery log entries older than WEBHOOKS_DELIVERY_LOG_DAYS."

    def handle(self, *args, **options):
        before = timezone.now() - timedelta(days=settings.WEBHOOKS_DELIVERY_LOG_DAYS)
        deleted = webhook_deliveries_purge(before=before)
        self.stdout.write(f"Purged {deleted} webhook delivery log entr{'y' if deleted == 1 else 'ies'}.")
