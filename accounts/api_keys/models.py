"""API keys: credentials a user makes for server-to-server clients (importable as ``accounts.models``)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiKey(models.Model):
    """A named key acting as its user within ``scopes``.

    The key is ``esk_<prefix>_<secret>``: ``prefix`` is stored to find the row, the secret only
    as an HMAC-SHA256 keyed with ``SECRET_KEY`` (``accounts.api_keys.services``). Revoking keeps
    the row, so a revoked key answers as revoked and the user still sees it in the list.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API key"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["id"], name="apikey_id_idx"),
            models.Index(fields=["prefix"], name="apikey_prefix_idx"),
            models.Index(fields=["user", "created_at"], name="apikey_user_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (esk_{self.prefix}_…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, *, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
