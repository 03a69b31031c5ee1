"""Decoding and rewriting an uploaded image with Pillow: the checks, EXIF stripped, the thumbnail.

Imported by the task only: Pillow's import stays off the cold start of requests.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from events.images.errors import ImageRefused
from events.images.models import MEDIA_TYPES

# Pillow's format name: (media type, file extension, save options).
FORMATS = {
    "JPEG": (MEDIA_TYPES["JPEG"], "jpg", {"quality": 85, "optimize": True}),
    "PNG": (MEDIA_TYPES["PNG"], "png", {"optimize": True}),
    "WEBP": (MEDIA_TYPES["WEBP"], "webp", {"quality": 85}),
}
NOT_AN_IMAGE = "The file is not a JPEG, PNG or WebP image."
DAMAGED = "The image file is damaged or incomplete."


@dataclass(frozen=True)
class Processed:
    content_type: str
    extension: str
    image: bytes
    thumbnail: bytes


def process(data: bytes, *, max_pixels: int, thumbnail_pixels: int) -> Processed:
    """The image rewritten without metadata (turned upright first) and its thumbnail, in the
    upload's format; ``ImageRefused`` for anything else."""
    image = _decode(data, max_pixels=max_pixels)
    content_type, extension, options = FORMATS[image.format]
    try:
        clean = _without_metadata(image)
        thumbnail = clean.copy()
        thumbnail.thumbnail((thumbnail_pixels, thumbnail_pixels))
        encoded = _encode(clean, image.format, options), _encode(thumbnail, image.format, options)
    except Exception:
        # Crafted files make Pillow raise errors of many kinds (a malformed EXIF block, say):
        # any of them refuses the upload, never fails the task.
        raise ImageRefused(DAMAGED) from None
    return Processed(content_type=content_type, extension=extension, image=encoded[0], thumbnail=encoded[1])


def _decode(data: bytes, *, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb guard warns, then raises, past its default limit; ours is lower.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            if image.width * image.height > max_pixels:
                raise ImageRefused(f"The image has more than {max_pixels} pixels.")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(f"The image has more than {max_pixels} pixels.") from None
    except UnidentifiedImageError:
        raise ImageRefused(NOT_AN_IMAGE) from None
    except ImageRefused:
        raise
    except Exception:
        # Truncated data is an OSError; crafted headers raise struct, index or value errors too.
        raise ImageRefused(DAMAGED) from None
    return image


def _without_metadata(image: Image.Image) -> Image.Image:
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    mode = "RGBA" if has_alpha and image.format != "JPEG" else "RGB"
    clean = upright.convert(mode)
    # EXIF, XMP, ICC profiles, text chunks: nothing of the upload's metadata is written back.
    clean.info = {}
    return clean


def _encode(image: Image.Image, format_name: str, options: dict) -> bytes:
    out = io.BytesIO()
    image.save(out, format=format_name, **options)
    return out.getvalue()
