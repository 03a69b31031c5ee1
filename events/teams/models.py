"""Team members of an event (importable as ``events.models``)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class TeamMember(models.Model):
    """A user who helps run an event. The event's creator is its owner and has no row here."""

    class Role(models.TextChoices):
        ORGANIZER = "organizer"
        CHECKER = "checker"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_roles")
    role = models.CharField(max_length=10, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="teammember_event_user_uniq")]
        indexes = [
            models.Index(fields=["id"], name="teammember_id_idx"),
            models.Index(fields=["event", "user"], name="teammember_event_user_idx"),
            models.Index(fields=["user", "role"], name="teammember_user_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.role})"
