"""Static-file storage whose URLs follow the request's script prefix.

Behind API Gateway the app lives under the stage path (``/dev``), which Zappa passes
as ``SCRIPT_NAME``. Django's storages fix their base URL once, when first used (often
before any request), so hashed static URLs would lose the stage. This storage adds the
current request's script prefix to them; on a custom domain the prefix is ``/`` and
URLs are unchanged.
"""

from django.urls import get_script_prefix
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ScriptPrefixedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        url = super().url(name, force)
        prefix = get_script_prefix().rstrip("/")
        if prefix and url.startswith("/") and not url.startswith(f"{prefix}/"):
            return prefix + url
        return url
