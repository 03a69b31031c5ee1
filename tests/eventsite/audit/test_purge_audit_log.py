"""``manage.py purge_audit_log`` keeps AUDIT_LOG_RETENTION_DAYS of entries; the daily purge runs it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from eventsite.audit.models import AuditEntry
from eventsite.tasks.tasks import PURGE_COMMANDS

pytestmark = pytest.mark.django_db


def entry_of(days_ago: int) -> AuditEntry:
    created = timezone.now() - timedelta(days=days_ago)
    return AuditEntry.objects.create(action="team.add", target_type="t", target_id="1", created_at=created)


def test_entries_older_than_the_retention_are_purged(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    entry_of(31)
    recent = entry_of(29)

    call_command("purge_audit_log")

    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]


def test_days_on_the_command_line_win(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 365
    entry_of(10)

    call_command("purge_audit_log", days=7)

    assert not AuditEntry.objects.exists()


def test_the_daily_purge_includes_the_audit_log():
    assert "purge_audit_log" in PURGE_COMMANDS
