"""The event admin's image part: a thumbnail preview linking to the image, and its state."""

from django.contrib import admin
from django.utils.html import format_html

from events.images.selectors import media_url

IMAGE_FIELDS = ["image_preview", "image_status", "image_error"]


class EventImageAdminMixin:
    @admin.display(description="image")
    def image_preview(self, obj) -> str:
        thumbnail = media_url(obj.thumbnail_name)
        if thumbnail is None:
            return "-"
        return format_html(
            '<a href="{}"><img src="{}" alt="Event image" style="max-width: 200px; max-height: 200px"></a>',
            media_url(obj.image_name),
            thumbnail,
        )
