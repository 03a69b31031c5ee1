"""Where the static files (admin, browsable API, Swagger UI, ReDoc) are served from.

``STATIC_STORAGE`` is ``package`` (the default: collected into the Lambda zip and served by
WhiteNoise) or ``s3``: ``collectstatic`` uploads the hashed names and the manifest to the bucket
``STATIC_BUCKET`` and pages link them at ``STATIC_CDN_URL`` (the CloudFront distribution in front
of the bucket). Production mode refuses ``s3`` without both. ``STATIC_S3_ENDPOINT_URL`` points
boto3 at an S3 emulator.
"""

from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from eventsite.conf import environ

PACKAGE = "package"
S3 = "s3"
DEBUG_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
PACKAGE_BACKEND = "eventsite.runtime.static_storage.ScriptPrefixedStaticFilesStorage"
S3_BACKEND = "eventsite.runtime.static_storage.S3ManifestStaticStorage"


class StaticSettings(NamedTuple):
    storage: str
    bucket: str
    s3_endpoint_url: str
    s3_region: str
    cdn_url: str
    manifest_path: str

    @property
    def url(self) -> str:
        """``STATIC_URL``: the CDN's base URL with ``s3``, else ``static/`` on this site."""
        return f"{self.cdn_url}/" if self.storage == S3 else "static/"

    def backend(self, *, debug: bool) -> dict:
        """The ``STORAGES["staticfiles"]`` entry."""
        if self.storage == PACKAGE:
            return {"BACKEND": DEBUG_BACKEND if debug else PACKAGE_BACKEND}
        parts = urlsplit(self.cdn_url)
        options = {
            "bucket_name": self.bucket,
            "region_name": self.s3_region,
            "default_acl": None,
            "file_overwrite": True,
            "querystring_auth": False,
            "custom_domain": f"{parts.netloc}{parts.path}",
            "url_protocol": f"{parts.scheme}:",
            "local_manifest": self.manifest_path,
        }
        if self.s3_endpoint_url:
            options["endpoint_url"] = self.s3_endpoint_url
        return {"BACKEND": S3_BACKEND, "OPTIONS": options}

    @property
    def origins(self) -> list[str]:
        """The CDN's origin, for Content-Security-Policy (none when this site serves them)."""
        if self.storage == PACKAGE:
            return []
        parts = urlsplit(self.cdn_url)
        return [f"{parts.scheme}://{parts.netloc}"]


def static_from_environ(*, debug: bool, static_root: Path) -> StaticSettings:
    storage = environ.choice("STATIC_STORAGE", PACKAGE, (PACKAGE, S3))
    bucket = environ.text("STATIC_BUCKET").strip()
    cdn_url = environ.text("STATIC_CDN_URL").strip().rstrip("/")
    endpoint = environ.text("STATIC_S3_ENDPOINT_URL").strip()
    for name, url in (("STATIC_CDN_URL", cdn_url), ("STATIC_S3_ENDPOINT_URL", endpoint)):
        if url and not (url.startswith(("https://", "http://")) and urlsplit(url).netloc):
            environ.fail(f"{name} must be an http(s) URL, got {url!r}")
    if storage == S3:
        if not debug and not (bucket and cdn_url):
            environ.fail(
                "STATIC_BUCKET and STATIC_CDN_URL must be set when STATIC_STORAGE is s3 in production mode"
            )
        bucket = bucket or "eventsite-static"
        cdn_url = cdn_url or f"{endpoint or 'https://s3.amazonaws.com'}/{bucket}"
    return StaticSettings(
        storage=storage,
        bucket=bucket,
        s3_endpoint_url=endpoint,
        s3_region=environ.text("STATIC_S3_REGION").strip() or environ.text("AWS_REGION", "us-east-1"),
        cdn_url=cdn_url,
        manifest_path=str(static_root / "staticfiles.json"),
    )
