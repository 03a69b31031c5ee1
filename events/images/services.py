"""Writes of an event's image: receive an upload, presign one, confirm it, process it, delete it.

Every upload lands under ``uploads/`` first; the task (``events.images.tasks``) checks and
rewrites it into the event's image and thumbnail, then deletes it. Storage changes happen
after the database's: a file is deleted only once no committed row names it.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

from events.caching import events_changed
from events.images.errors import (
    DirectUploadUnavailable,
    ImageRefused,
    ImageTooLarge,
    NoPendingUpload,
    UploadMissing,
)
from events.images.models import ImageStatus
from events.images.tasks import process_event_image
from events.models import Event
from eventsite.runtime.transactions import after_unit, unit_of_work
from eventsite.tasks import enqueue

UPLOADS = "uploads/events"
NOT_UPLOADED = "No uploaded file was found."


@dataclass(frozen=True)
class PresignedUpload:
    url: str
    fields: dict[str, str]
    key: str
    expires_in: int
    max_bytes: int


def _upload_key(event: Event) -> str:
    return f"{UPLOADS}/{event.pk}/{uuid.uuid4().hex}"


def _delete_files(*names: str) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def _delete_after_unit(*names: str) -> None:
    after_unit(lambda: _delete_files(*names))


def event_image_receive(*, event: Event, upload: File) -> Event:
    """Store a file sent to the API (local storage) as the event's upload and process it."""
    if upload.size > settings.EVENT_IMAGE_MAX_BYTES:
        raise ImageTooLarge(limit=settings.EVENT_IMAGE_MAX_BYTES)
    key = default_storage.save(_upload_key(event), upload)
    return _start_processing(event=event, key=key)


def event_image_presign(*, event: Event, content_type: str) -> PresignedUpload:
    """A presigned S3 POST for a new upload of the event's image, the bytes going straight to S3.

    The policy limits the size and the type, but an emulator need not enforce it: the task
    checks both again. A new upload supersedes one awaited before, whose object is deleted.
    """
    if settings.MEDIA_STORAGE != "s3":
        raise DirectUploadUnavailable()
    key = _upload_key(event)
    max_bytes = settings.EVENT_IMAGE_MAX_BYTES
    expires_in = settings.EVENT_IMAGE_UPLOAD_SECONDS
    client = default_storage.connection.meta.client
    post = client.generate_presigned_post(
        Bucket=default_storage.bucket_name,
        # The object's key in the bucket: the storage's name under its ``location``, if any.
        Key=default_storage._normalize_name(key),
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=expires_in,
    )
    previous = event.image_upload_key

    def write() -> None:
        Event.objects.filter(pk=event.pk).update(image_upload_key=key)
        if previous:
            _delete_after_unit(previous)

    unit_of_work(write)
    event.image_upload_key = key
    return PresignedUpload(
        url=post["url"], fields=post["fields"], key=key, expires_in=expires_in, max_bytes=max_bytes
    )


def event_image_confirm(*, event: Event) -> Event:
    """The client says the presigned upload is done: process it."""
    key = event.image_upload_key
    if not key:
        raise NoPendingUpload()
    if not default_storage.exists(key):
        raise UploadMissing()
    return _start_processing(event=event, key=key)


def _start_processing(*, event: Event, key: str) -> Event:
    previous = event.image_upload_key

    def write() -> None:
        Event.objects.filter(pk=event.pk).update(
            image_upload_key=key, image_status=ImageStatus.PROCESSING, image_error=""
        )
        events_changed()
        if previous and previous != key:
            _delete_after_unit(previous)
        enqueue(process_event_image, event_id=str(event.pk), key=key)

    unit_of_work(write)
    event.image_upload_key, event.image_status, event.image_error = key, ImageStatus.PROCESSING, ""
    return event


def event_image_delete(*, event: Event) -> None:
    """Remove the image, its thumbnail and any awaited upload; the event shows no image."""
    names = (event.image_name, event.thumbnail_name, event.image_upload_key)

    def write() -> None:
        Event.objects.filter(pk=event.pk).update(
            image_name="",
            thumbnail_name="",
            image_status=ImageStatus.NONE,
            image_error="",
            image_upload_key="",
        )
        events_changed()
        _delete_after_unit(*names)

    unit_of_work(write)


def event_images_forget(*, events: list[Event]) -> None:
    """The files of events being deleted go once the deletion's unit of work has succeeded."""
    names = [
        name for event in events for name in (event.image_name, event.thumbnail_name, event.image_upload_key)
    ]
    if any(names):
        _delete_after_unit(*names)


def event_image_process(*, event_id: str, key: str) -> None:
    """Check and rewrite the upload ``key`` into the event's image and thumbnail.

    An upload superseded meanwhile (a newer one, a delete, the event gone) is only deleted.
    A refused one is deleted and the event says why; the image shown before, if any, stays.
    """
    from events.images import processing

    event = Event.objects.filter(pk=event_id, image_upload_key=key).first()
    if event is None:
        _delete_files(key)
        return
    try:
        result = processing.process(
            _read_upload(key),
            max_pixels=settings.EVENT_IMAGE_MAX_PIXELS,
            thumbnail_pixels=settings.EVENT_IMAGE_THUMBNAIL_PIXELS,
        )
    except ImageRefused as refused:
        _delete_files(key)
        reason = refused.message
        unit_of_work(lambda: _finish(event_id, key, image_status=ImageStatus.FAILED, image_error=reason))
        return
    base = f"events/{event_id}/{uuid.uuid4().hex}"
    image_name = default_storage.save(f"{base}.{result.extension}", ContentFile(result.image))
    thumbnail_name = default_storage.save(
        f"{base}-thumbnail.{result.extension}", ContentFile(result.thumbnail)
    )
    done = unit_of_work(
        lambda: _finish(
            event_id,
            key,
            image_name=image_name,
            thumbnail_name=thumbnail_name,
            image_status=ImageStatus.READY,
            image_error="",
        )
    )
    _delete_files(key, *((event.image_name, event.thumbnail_name) if done else (image_name, thumbnail_name)))


def _finish(event_id: str, key: str, **changes) -> bool:
    """Write the outcome if the upload is still the event's; the list pages show it."""
    if not Event.objects.filter(pk=event_id, image_upload_key=key).update(image_upload_key="", **changes):
        return False
    events_changed()
    return True


def _read_upload(key: str) -> bytes:
    """The upload's bytes, refused past the size limit (a presigned policy is not proof of it)."""
    limit = settings.EVENT_IMAGE_MAX_BYTES
    if not default_storage.exists(key):
        raise ImageRefused(NOT_UPLOADED)
    if default_storage.size(key) > limit:
        raise ImageRefused(f"The file is larger than {limit} bytes.")
    with default_storage.open(key, "rb") as upload:
        data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImageRefused(f"The file is larger than {limit} bytes.")
    return data
