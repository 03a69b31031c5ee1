"""Where uploaded media (event images) are stored and the limits on what is accepted.

``MEDIA_STORAGE`` is ``local`` (the default: files under ``MEDIA_ROOT``, served at ``MEDIA_URL``
by ``make run``) or ``s3`` (django-storages, the bucket ``MEDIA_BUCKET``; production mode
refuses to start without one). ``MEDIA_S3_ENDPOINT_URL`` points boto3 at an S3 emulator.
"""

from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from eventsite.conf import environ

LOCAL = "local"
S3 = "s3"
MiB = 2**20
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
# What a presigned upload URL and a served image URL stay valid for, by default.
UPLOAD_URL_SECONDS = 300
IMAGE_URL_SECONDS = 6 * 3600


class MediaSettings(NamedTuple):
    storage: str
    bucket: str
    s3_endpoint_url: str
    s3_region: str
    s3_custom_domain: str
    root: Path
    url: str
    image_max_bytes: int
    image_max_pixels: int
    thumbnail_pixels: int
    upload_url_seconds: int
    image_url_seconds: int

    @property
    def backend(self) -> dict:
        """The ``STORAGES["default"]`` entry."""
        if self.storage == LOCAL:
            return {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": str(self.root), "base_url": self.url}}
        options = {
            "bucket_name": self.bucket,
            "region_name": self.s3_region,
            "file_overwrite": False,
            "default_acl": None,
            "signature_version": "s3v4",
            # Private objects: served through signed URLs unless a public domain (a CDN) is set.
            "querystring_auth": not self.s3_custom_domain,
            "querystring_expire": self.image_url_seconds,
        }
        if self.s3_endpoint_url:
            options["endpoint_url"] = self.s3_endpoint_url
        if self.s3_custom_domain:
            options["custom_domain"] = self.s3_custom_domain
        return {"BACKEND": S3_BACKEND, "OPTIONS": options}

    @property
    def image_origins(self) -> list[str]:
        """The origins images are served from, besides this site's own (for Content-Security-Policy)."""
        if self.storage == LOCAL:
            return [_origin(self.url)] if _origin(self.url) else []
        if self.s3_custom_domain:
            return [f"https://{self.s3_custom_domain}"]
        if self.s3_endpoint_url:
            return [_origin(self.s3_endpoint_url)]
        return [
            f"https://{self.bucket}.s3.amazonaws.com",
            f"https://{self.bucket}.s3.{self.s3_region}.amazonaws.com",
        ]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def media_from_environ(*, debug: bool, base_dir: Path) -> MediaSettings:
    storage = environ.choice("MEDIA_STORAGE", LOCAL, (LOCAL, S3))
    bucket = environ.text("MEDIA_BUCKET").strip()
    if storage == S3 and not bucket:
        if not debug:
            environ.fail("MEDIA_BUCKET must name the S3 bucket when MEDIA_STORAGE is s3 in production mode")
        bucket = "eventsite-media"
    endpoint = environ.text("MEDIA_S3_ENDPOINT_URL").strip()
    if endpoint and not endpoint.startswith(("https://", "http://")):
        environ.fail(f"MEDIA_S3_ENDPOINT_URL must be an http(s) URL, got {endpoint!r}")
    url = environ.text("MEDIA_URL", "/media/").strip() or "/media/"
    return MediaSettings(
        storage=storage,
        bucket=bucket,
        s3_endpoint_url=endpoint,
        s3_region=environ.text("MEDIA_S3_REGION").strip() or environ.text("AWS_REGION", "us-east-1"),
        s3_custom_domain=environ.text("MEDIA_S3_CUSTOM_DOMAIN").strip().rstrip("/"),
        root=environ.path("MEDIA_ROOT", base_dir / "media"),
        url=url if url.endswith("/") else f"{url}/",
        image_max_bytes=environ.whole_number(
            "EVENT_IMAGE_MAX_BYTES", 5 * MiB, minimum=1024, maximum=50 * MiB, unit="bytes"
        ),
        image_max_pixels=environ.whole_number(
            "EVENT_IMAGE_MAX_PIXELS", 40_000_000, minimum=1, maximum=200_000_000, unit="pixels"
        ),
        thumbnail_pixels=environ.whole_number(
            "EVENT_IMAGE_THUMBNAIL_PIXELS", 400, minimum=16, maximum=2000, unit="pixels"
        ),
        upload_url_seconds=environ.whole_number(
            "EVENT_IMAGE_UPLOAD_SECONDS", UPLOAD_URL_SECONDS, minimum=30, maximum=3600, unit="seconds"
        ),
        image_url_seconds=environ.whole_number(
            "MEDIA_URL_SECONDS", IMAGE_URL_SECONDS, minimum=60, maximum=7 * 24 * 3600, unit="seconds"
        ),
    )
