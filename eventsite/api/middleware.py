import logging
import threading

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.urls import Resolver404, resolve
from whitenoise.middleware import WhiteNoiseMiddleware

from eventsite.api.errors import error_response
from eventsite.api.exceptions import database_unavailable_response, is_database_unavailable

logger = logging.getLogger(__name__)


class BodySizeLimitMiddleware:
    """Refuse oversized request bodies with 413 before anything reads them.

    Django only enforces ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for form bodies read
    through ``request.body``/``POST``; DRF's parsers read the stream directly. A view class
    with a ``max_request_body_bytes()`` class method (an image upload) sets its own limit,
    looked up only for a body over the general one.
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
            limit = _view_limit(request.path_info, limit)
        if length > limit:
            return error_response(413, f"Request body is larger than {limit} bytes.", "request_too_large")
        return self.get_response(request)


def _view_limit(path: str, default: int) -> int:
    try:
        match = resolve(path)
    except Resolver404:
        return default
    view_limit = getattr(getattr(match.func, "cls", None), "max_request_body_bytes", None)
    return view_limit() if callable(view_limit) else default


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached or read (a corrupted SQLite file, say) is a 503
    ``database_unavailable`` everywhere, not a 500 or Django's HTML error page.

    DRF views answer so through ``eventsite.api.exceptions``; this covers Django's own views (the
    admin, the login forms), and ``handler500`` what fails outside a view. A session user that
    could not be read becomes anonymous once the answer is made, so that the request log (an
    outer middleware, which reads it anyway) does not fail on it: a page that needs no database
    (a 404, a static file) still answers as it would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not _user_is_readable(request):
            request.user = AnonymousUser()
        return response

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.error("database unavailable", exc_info=exception)
        return database_unavailable_response()


def _user_is_readable(request) -> bool:
    """``request.user`` can be told (the session user is read from the database on first use)."""
    try:
        return getattr(request, "user", None) is None or request.user.is_authenticated in (True, False)
    except DatabaseError:
        return False


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
