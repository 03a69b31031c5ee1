"""The API's own model: stored answers to requests sent with an ``Idempotency-Key``."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

IDEMPOTENCY_TTL = timedelta(hours=24)


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an ``Idempotency-Key`` header (``eventsite.api.idempotency``).

    Keys are scoped per user and deleted with the user. ``scope`` ("<userId>:<key>") is one
    plain unique field, so a single unique index decides between concurrent duplicates on
    every engine. A row without ``status_code`` is a request still in progress. The table
    keeps the name it had when the model lived in ``accounts`` (state-only migrations).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scope = models.CharField(max_length=300, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "accounts_idempotencykey"
        indexes = [
            models.Index(fields=["id"], name="idempotencykey_id_idx"),
            models.Index(fields=["scope"], name="idempotencykey_scope_idx"),
        ]

    def __str__(self) -> str:
        return self.scope

    @staticmethod
    def scope_for(user_id, key: str) -> str:
        return f"{user_id}:{key}"

    @property
    def is_expired(self) -> bool:
        return self.created_at <= timezone.now() - IDEMPOTENCY_TTL
