"""The image columns of an event (``Event`` inherits them)."""

from django.db import models

# The formats accepted, by Pillow's name for each, and their media types.
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class ImageStatus(models.TextChoices):
    NONE = "none"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class EventImageFields(models.Model):
    """Storage names (not URLs: the storage builds those, signed for a private bucket), the
    processing state, and the key of the upload being awaited or processed."""

    image_name = models.CharField(max_length=255, blank=True, default="", editable=False)
    thumbnail_name = models.CharField(max_length=255, blank=True, default="", editable=False)
    image_status = models.CharField(
        max_length=10, choices=ImageStatus.choices, default=ImageStatus.NONE, editable=False
    )
    # Why the last upload was refused, for the organizer.
    image_error = models.CharField(max_length=255, blank=True, default="", editable=False)
    image_upload_key = models.CharField(max_length=255, blank=True, default="", editable=False)

    class Meta:
        abstract = True
