"""Assets of the HTML pages that no CDN serves: ReDoc's bundle without its remote logo, the favicon."""

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
# ReDoc's sidebar credit always loads this logo from Redocly's CDN, unreachable offline and from
# Lambda. An empty ``src`` loads nothing: the credit's image hides itself on the error.
REDOC_REMOTE_LOGO = 'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
FAVICON = "eventsite/favicon.ico"


@cache
def _offline_redoc_bundle() -> bytes:
    source = Path(finders.find(REDOC_BUNDLE)).read_text(encoding="utf-8")
    if REDOC_REMOTE_LOGO not in source:
        raise RuntimeError(f"{REDOC_BUNDLE} no longer loads its logo as expected: update eventsite/docs.py")
    return source.replace(REDOC_REMOTE_LOGO, 'src:""').encode()


@require_safe
def redoc_bundle(request):
    """The sidecar's ReDoc bundle, read once per process, that requests nothing from other servers."""
    response = HttpResponse(_offline_redoc_bundle(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def favicon(request):
    """Browsers ask for ``/favicon.ico`` on every page: the static file, wherever static files live."""
    return HttpResponsePermanentRedirect(static(FAVICON))
