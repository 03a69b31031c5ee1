"""The image's part of the event JSON, and the bodies of the image routes."""

from rest_framework import serializers

from events.images.models import MEDIA_TYPES
from events.images.selectors import media_url
from eventsite.api.envelopes import MessageResponseSerializer


class MediaUrlField(serializers.CharField):
    """A stored file's URL, from its storage name; null without a file."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return media_url(value)


class ImageErrorField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class ImageFileSerializer(serializers.Serializer):
    # An empty file is the task's to refuse, as any other that does not decode.
    image = serializers.FileField(allow_empty_file=True, help_text="A JPEG, PNG or WebP file.")


class DirectUploadSerializer(serializers.Serializer):
    contentType = serializers.ChoiceField(
        choices=list(MEDIA_TYPES.values()), help_text="The media type of the file to upload."
    )


class PresignedUploadSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Where to POST the file, as multipart form data.")
    fields = serializers.DictField(
        child=serializers.CharField(),
        help_text="Form fields to send as given, before the file's own field `file`.",
    )
    key = serializers.CharField(help_text="The object the file is stored as.")
    expiresIn = serializers.IntegerField(source="expires_in", help_text="Seconds the upload stays allowed.")
    maxBytes = serializers.IntegerField(source="max_bytes", help_text="The largest file accepted.")


class ImageUploadResponseSerializer(MessageResponseSerializer):
    upload = PresignedUploadSerializer(help_text="How to upload the file straight to storage.")
