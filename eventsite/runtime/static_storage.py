"""Static-file storages: the package's, whose URLs follow the request's script prefix, and S3's.

Behind API Gateway the app lives under the stage path (``/dev``), which Zappa passes
as ``SCRIPT_NAME``. Django's storages fix their base URL once, when first used (often
before any request), so hashed static URLs would lose the stage. This storage adds the
current request's script prefix to them; on a custom domain the prefix is ``/`` and
URLs are unchanged.
"""

import re
from pathlib import Path

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.urls import get_script_prefix
from storages.backends.s3 import S3Storage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ScriptPrefixedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        url = super().url(name, force)
        prefix = get_script_prefix().rstrip("/")
        if prefix and url.startswith("/") and not url.startswith(f"{prefix}/"):
            return prefix + url
        return url


class S3ManifestStaticStorage(ManifestFilesMixin, S3Storage):
    """Hashed static names in an S3 bucket, linked at the CDN (``STATIC_STORAGE=s3``).

    Hashed names never change, so browsers and the CDN may keep them for a year; the manifest
    and the unhashed copies only briefly. ``collectstatic`` writes the manifest to the bucket;
    the running app reads the copy the Lambda zip ships (``local_manifest``) when there is one,
    so a cold start makes no S3 request for it.
    """

    HASHED = re.compile(r"\.[0-9a-f]{12}\.[^/.]+$")
    HASHED_CACHE_CONTROL = "public, max-age=31536000, immutable"
    OTHER_CACHE_CONTROL = "public, max-age=300"

    def __init__(self, *args, local_manifest: str = "", **kwargs):
        self.local_manifest = Path(local_manifest) if local_manifest else None
        super().__init__(*args, **kwargs)

    def read_manifest(self):
        if self.local_manifest and self.local_manifest.is_file():
            return self.local_manifest.read_text()
        return super().read_manifest()

    def get_object_parameters(self, name):
        hashed = self.HASHED.search(name) is not None
        cache_control = self.HASHED_CACHE_CONTROL if hashed else self.OTHER_CACHE_CONTROL
        return {**super().get_object_parameters(name), "CacheControl": cache_control}
