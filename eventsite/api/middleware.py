import logging
import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.urls import Resolver404, resolve

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


class LazyStaticFilesMiddleware:
    """WhiteNoise, imported and started on the first request for a static file.

    WhiteNoise stats every collected file when it starts: some 650 files of the admin, the
    browsable API, Swagger UI and ReDoc, a tenth of a Lambda cold start, and importing it is
    another 1.5 ms (bench/README.md), though API calls never ask for them. It is started once,
    under a lock, so a concurrent request never sees it half-built.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = static_prefix()
        self._static_files = None
        self._start_lock = threading.Lock()

    def __call__(self, request):
        if request.path_info.startswith(self.static_prefix):
            return self.static_files()(request)
        return self.get_response(request)

    def static_files(self):
        if self._static_files is None:
            with self._start_lock:
                if self._static_files is None:
                    from whitenoise.middleware import WhiteNoiseMiddleware

                    self._static_files = WhiteNoiseMiddleware(self.get_response)
        return self._static_files


def static_prefix() -> str:
    """The path under which WhiteNoise serves ``STATIC_URL``, found as WhiteNoise finds it."""
    prefix = getattr(settings, "WHITENOISE_STATIC_PREFIX", None)
    if prefix is None:
        prefix = urlsplit(settings.STATIC_URL or "").path
        script_name = (settings.FORCE_SCRIPT_NAME or "").rstrip("/")
        if script_name and prefix.startswith(script_name):
            prefix = prefix[len(script_name) :]
    prefix = prefix.strip("/")
    return f"/{prefix}/" if prefix else "/"
