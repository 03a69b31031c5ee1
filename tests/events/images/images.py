"""Image files made for the tests with Pillow, and reading back what the site stored."""

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# EXIF tags: the camera's make, and the orientation (6: the picture is turned a quarter clockwise).
MAKE = 0x010F
ORIENTATION = 0x0112
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def image_bytes(format_name: str = "JPEG", size: tuple[int, int] = (600, 300), *, exif: bool = True) -> bytes:
    """A picture of ``size`` carrying EXIF (a camera make, orientation 6) when ``exif``."""
    picture = Image.new("RGB", size, (200, 30, 30))
    options = {}
    if exif:
        tags = Image.Exif()
        tags[MAKE] = "Test Camera"
        tags[ORIENTATION] = 6
        options["exif"] = tags.tobytes()
    out = io.BytesIO()
    picture.save(out, format=format_name, **options)
    return out.getvalue()


def upload(data: bytes, name: str = "cover.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def put_image(client, event, data: bytes, name: str = "cover.jpg"):
    return client.put(f"/events/{event.pk}/image", {"image": upload(data, name)}, format="multipart")


def stored_image(name: str) -> Image.Image:
    with default_storage.open(name, "rb") as stored:
        picture = Image.open(io.BytesIO(stored.read()))
        picture.load()
    return picture


def stored_names(folder: str) -> list[str]:
    """Every file under ``folder`` of the media storage (none if it does not exist)."""
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    return [f"{folder}/{name}" for name in files] + [
        name for sub in folders for name in stored_names(f"{folder}/{sub}")
    ]
