import threading

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

from eventsite.errors import error_response


class BodySizeLimitMiddleware:
    """Refuse oversized request bodies with 413 before anything reads them.

    Django only enforces ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for form bodies read
    through ``request.body``/``POST``; DRF's parsers read the stream directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(400, "Invalid Content-Length header.", "bad_request")
        limit = settings.MAX_REQUEST_BODY_BYTES
        if length > limit:
            return error_response(413, f"Request body is larger than {limit} bytes.", "request_too_large")
        return self.get_response(request)


class LazyStaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, indexing the static files on the first request for one.

    WhiteNoise stats every collected file when the process starts: some 650 files of
    the admin, the browsable API, Swagger UI and ReDoc, a tenth of a Lambda cold start
    (bench/README.md), though API calls never ask for them. The index is built once,
    under a lock, so a concurrent request never sees it half-built.
    """

    def __init__(self, get_response=None, settings=settings):
        self._deferred: list[tuple[str, str]] | None = []
        self._index_lock = threading.Lock()
        super().__init__(get_response, settings)

    def add_files(self, root, prefix=None):
        if self._deferred is None or prefix is None:
            super().add_files(root, prefix)
        else:
            self._deferred.append((root, prefix))

    def __call__(self, request):
        if self._deferred is not None and request.path_info.startswith(self.static_prefix):
            self._index()
        return super().__call__(request)

    def _index(self) -> None:
        with self._index_lock:
            for root, prefix in self._deferred or ():
                super().add_files(root, prefix)
            self._deferred = None
