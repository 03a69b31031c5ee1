"""One row per change staff or organizers made: who, what, when, from where."""

import uuid

from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    """The actor is copied, not a foreign key: the record outlives the account, and a deleted
    user's actions stay on file until the retention (``AUDIT_LOG_RETENTION_DAYS``) ends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor_email = models.CharField(max_length=254, blank=True)
    actor_is_staff = models.BooleanField(default=False)
    api_key_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=100, db_index=True)
    target_id = models.CharField(max_length=64, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    client_ip = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=128, blank=True)

    class Meta:
        verbose_name_plural = "audit entries"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type} {self.target_id}"
