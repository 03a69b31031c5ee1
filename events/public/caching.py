"""Public answers kept whole in the cache, under the events version (``events.caching``).

Every caller is anonymous here, so one copy serves them all: the rendered bytes per media type
and absolute URL (the page links name the host and query). A write to any event gives the
version a new token, so the next request after it builds its answer afresh, on any process.
``EVENT_LIST_CACHE_SECONDS`` bounds an entry's life (0 turns this off, as for the lists).
Browsers and shared caches may keep a copy for ``PUBLIC_EVENTS_MAX_AGE`` (``Cache-Control``).
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from events.caching import ListCache
from events.ics import ICalendarRenderer

# What is cached: JSON and calendars, not the browsable API's HTML.
CACHED_RENDERERS = (JSONRenderer, ICalendarRenderer)
KEPT_HEADERS = ("Content-Disposition",)


def respond(request: Request, *, build: Callable[[], Response]) -> HttpResponseBase:
    """The kept answer to ``request``, or ``build()``'s, kept once rendered if it is a 200."""
    list_cache = ListCache.current()
    if list_cache is None or not cacheable(request):
        return build()
    asked = f"{request.accepted_media_type}\n{request.build_absolute_uri()}"
    key = f"events:public:{list_cache.version}:{hashlib.sha256(asked.encode()).hexdigest()}"
    kept = cache.get(key)
    if kept is not None:
        content, content_type, headers = kept
        return HttpResponse(content, content_type=content_type, headers=headers)
    response = build()

    def store(rendered: Response) -> None:
        if rendered.status_code == 200:
            headers = {name: rendered[name] for name in KEPT_HEADERS if rendered.has_header(name)}
            kept = (rendered.content, rendered["Content-Type"], headers)
            cache.set(key, kept, settings.EVENT_LIST_CACHE_SECONDS)

    response.add_post_render_callback(store)
    return response


def cacheable(request: Request) -> bool:
    return isinstance(getattr(request, "accepted_renderer", None), CACHED_RENDERERS)


def allow_public_caching(request: Request, response: HttpResponseBase) -> None:
    """A 200 in JSON or iCalendar may be kept by anyone for ``PUBLIC_EVENTS_MAX_AGE`` seconds."""
    if response.status_code != 200 or not cacheable(request):
        return
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_EVENTS_MAX_AGE)
    # The browsable API answers the same URL in HTML, and ``indent=`` in other bytes.
    patch_vary_headers(response, ["Accept"])
