import logging
import uuid

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.views import csrf
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from accounts.authentication import SessionAuthentication
from eventsite.api.envelopes import (
    HEALTH_UNAVAILABLE_DESCRIPTION,
    READINESS_UNAVAILABLE_DESCRIPTION,
    ROOT_LINKS,
    ApiRootSerializer,
    HealthSerializer,
    HealthUnavailableSerializer,
    ReadinessSerializer,
    ReadinessUnavailableSerializer,
)
from eventsite.api.errors import error_body, error_response
from eventsite.api.exceptions import is_database_unavailable
from eventsite.api.schema import extend_schema
from eventsite.api.throttling import ScopedRateThrottle
from eventsite.tasks import backends as task_backends

logger = logging.getLogger(__name__)


# The root and health answer these and OPTIONS only (405 otherwise), as DRF's function views did.
READ = ["get", "head", "options"]


def probe_schema(ok, unavailable, unavailable_description: str):
    """The document of a probe: its body when it answers 200, and the 503 one with why."""
    return extend_schema(
        responses={
            200: ok,
            503: OpenApiResponse(response=unavailable, description=unavailable_description),
        },
        tags=["meta"],
    )


class ApiRootView(APIView):
    """Entry point: links to every part of the API, the same for everyone.

    Public: tokens and keys are not read (a stale one gets the links, not a 401); the browser's
    session is, so the browsable API's page still shows who is logged in.
    """

    http_method_names = READ
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(responses=ApiRootSerializer, tags=["meta"])
    def get(self, request, format=None):
        links = {name: reverse(url_name, request=request) for name, (url_name, _) in ROOT_LINKS.items()}
        return Response(ApiRootSerializer(links).data)


class HealthView(APIView):
    """Liveness with a real database round trip; 503 when the database is unreachable.

    No authentication: a stale `Authorization` header is ignored, so a probe never gets a 401.
    """

    http_method_names = READ
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    @probe_schema(
        HealthSerializer,
        HealthUnavailableSerializer,
        HEALTH_UNAVAILABLE_DESCRIPTION,
    )
    def get(self, request):
        try:
            get_user_model().objects.exists()
        except Exception as exc:
            if not isinstance(exc, DatabaseError) and not is_database_unavailable(exc):
                raise
            logger.exception("health check: database unavailable")
            body = {**error_body("Database unavailable.", "database_unavailable"), "status": "unavailable"}
            return Response(HealthUnavailableSerializer(body).data, status=503)
        return Response(HealthSerializer({"status": "ok"}).data)


def _database_check() -> None:
    get_user_model().objects.exists()


def _cache_check() -> None:
    """A write and a read back: the cache fails open (a miss) when Redis is unreachable."""
    key, value = "health:ready", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise ConnectionError("the cache did not keep a value")


READINESS_CHECKS = {
    "database": _database_check,
    "cache": _cache_check,
    "queue": task_backends.check_available,
}


class ReadinessView(APIView):
    """Each dependency checked once per call; the answer names the failed ones, never why (that is
    logged). Rate-limited: every call queries the database, the cache and the queue."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "health_ready"

    @probe_schema(
        ReadinessSerializer,
        ReadinessUnavailableSerializer,
        READINESS_UNAVAILABLE_DESCRIPTION,
    )
    def get(self, request):
        checks = {}
        for name, check in READINESS_CHECKS.items():
            try:
                check()
            except Exception:
                logger.exception("readiness check failed: %s", name)
                checks[name] = "unavailable"
            else:
                checks[name] = "ok"
        failed = [name for name, state in checks.items() if state != "ok"]
        if failed:
            message = f"Not ready: {', '.join(failed)} unavailable."
            body = {**error_body(message, "not_ready"), "status": "unavailable", "checks": checks}
            return Response(ReadinessUnavailableSerializer(body).data, status=503)
        return Response(ReadinessSerializer({"status": "ok", "checks": checks}).data)


@csrf_exempt
def not_found_fallback(request, path=""):
    """Last URL pattern: JSON 404 even with DEBUG on, after trying the trailing slash."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found_fallback and request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return error_response(404, "Not found.", "not_found")


# Pages that are HTML forms for people: the admin and the browsable API's login.
HTML_FORM_PATHS = ("/admin/", "/api-auth/")


def csrf_failure(request, reason: str = ""):
    """``CSRF_FAILURE_VIEW``: 403 ``csrf_failed`` in the error envelope.

    A browser posting one of the HTML form pages (a path under ``HTML_FORM_PATHS`` and an
    ``Accept`` header that prefers HTML to JSON, as browsers send for a form) keeps Django's page,
    which tells a person what to do (enable cookies, reload the form). Everything else gets
    JSON, including a client that sends no ``Accept``, ``*/*`` or JSON to those paths. DRF views
    check CSRF themselves (session authentication only) and answer the same code through
    ``eventsite.api.exceptions``.
    """
    wants_html = request.get_preferred_type(["application/json", "text/html"]) == "text/html"
    if wants_html and request.path_info.startswith(HTML_FORM_PATHS):
        return csrf.csrf_failure(request, reason)
    return error_response(403, f"CSRF verification failed. {reason}".rstrip(), "csrf_failed")


def lazy_spectacular_view(name: str, **initkwargs):
    """drf-spectacular's schema or docs view ``name``, imported on its first request.

    Its schema generator and renderers are a fair share of the imports of a Lambda cold
    start that serves an API call, not the docs (bench/README.md).
    """
    view = None

    @csrf_exempt
    def lazy_view(request, *args, **kwargs):
        nonlocal view
        if view is None:
            from drf_spectacular import views

            view = getattr(views, name).as_view(**initkwargs)
        return view(request, *args, **kwargs)

    return lazy_view
