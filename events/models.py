import uuid

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils import timezone


class Event(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200, validators=[MinLengthValidator(1)])
    description = models.TextField(max_length=5000, blank=True, default="")
    date = models.DateTimeField()
    location = models.CharField(max_length=255, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            # The list endpoints sort by date (id breaks ties for stable pages).
            models.Index(fields=["date", "id"], name="event_date_id_idx"),
            models.Index(fields=["created_by", "date"], name="event_creator_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title
