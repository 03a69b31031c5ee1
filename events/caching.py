"""Event list pages and counts, cached under the events version.

``events_changed`` gives one ``EventsVersion`` shard a new token in the unit of work of
every write that a list shows, and everything here is cached under the version
(all shards' tokens, read in one query) it was built from, so a write on any process or
Lambda container retires it all at once: the version lives in the database they share.
The cache itself is ``CACHES["default"]`` (``CACHE_URL``: per process, or
Redis/ElastiCache to share entries between processes); ``EVENT_LIST_CACHE_SECONDS``
bounds an entry's life and 0 turns this off.

* Pages: the rendered JSON, per caller (``myRsvp``, their own drafts, staff
  visibility), absolute URL (host, stage prefix, path and query all appear in the
  page's ``next``/``previous`` links) and media type (``indent=``). A hit costs the
  version lookup and a cache read: no count, no page query, no serialization. Only
  JSON is cached; the browsable API renders HTML every time.
* A caller's first request for a page is merged from the part every caller shares
  (``events.pages``: the events, rendered once per version and page for everyone) and
  their own; only when that cannot be theirs is the page built for them alone.
* The unfiltered count, which would otherwise read every visible row on each request:
  the events everyone sees (or, for staff, all events) are counted once per version
  and shared by all callers and pages; a caller's own drafts are added per request.

The interface is two functions: views call ``respond``, which serves the cached page, merges
it from the shared part, or builds one with the count it knows (``build(count)``; the
paginator takes it instead of counting); services call ``events_changed`` in the unit of work
of their write.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from events import selectors
from events.models import EventsVersion
from events.pages import CacheReads, SharedList, count_key
from eventsite.runtime.transactions import ConcurrentWrite, in_unit_of_work, unit_of_work


def respond(
    request: Request,
    *,
    build: Callable[[int | None], Response],
    counted: bool,
    shared: SharedList | None = None,
) -> HttpResponse:
    """The list page for ``request``: cached, merged into the shared page, or ``build(count)``.

    Whichever answers is kept for the caller's next request. ``shared``: the list's shared part
    (``events.pages``), tried before ``build`` for a plain JSON request. ``counted``: the list is
    unfiltered, so ``count`` is ``ListCache.visible_count``; otherwise (and with the cache off)
    ``build`` gets None and counts itself.
    """
    cache = ListCache.current()
    if cache is None:
        return build(None)
    key = cache.page_key(request)
    content = cache.kept_or_merged(request, key, shared) if key else None
    if content is not None:
        return json_response(content)
    response = build(cache.visible_count(request.user) if counted else None)
    return cache.keep_page(response, key) if key else response


def json_response(content: bytes) -> HttpResponse:
    return HttpResponse(content, content_type=JSONRenderer.media_type)


def events_changed() -> None:
    """Retire every cached event list page: call in the unit of work of any write a list shows.

    Events, their seats and RSVPs (``myRsvp``) all appear in lists; pages are keyed by the
    tokens of all ``EventsVersion`` shards, so a new token in any one makes every cached
    page unreachable. Each write replaces one shard chosen at random:
    concurrent writers rarely touch the same document, so they rarely conflict. Outside a
    unit of work (a script) it is one of its own.
    """
    if not in_unit_of_work():
        unit_of_work(events_changed)
        return
    shard = random.choice(EventsVersion.SHARD_IDS)
    token = uuid.uuid4()
    if EventsVersion.objects.filter(pk=shard).update(token=token):
        return
    try:
        EventsVersion.objects.create(id=shard, token=token)
    except IntegrityError as exc:
        # A concurrent first write created the shard; the unit runs again and updates it.
        raise ConcurrentWrite("events version shard created concurrently") from exc


class ListCache:
    """The cache under one events version, as one list request sees it."""

    def __init__(self, version: str):
        self.version = version

    @classmethod
    def current(cls) -> ListCache | None:
        """The cache under the current events version; None when the cache is off."""
        if settings.EVENT_LIST_CACHE_SECONDS <= 0:
            return None
        return cls(selectors.events_version())

    def page_key(self, request: Request) -> str | None:
        """The key of this request's page, or None when it must not be cached (not JSON)."""
        if not isinstance(request.accepted_renderer, JSONRenderer):
            return None
        user = request.user
        # The media type too: ``application/json; indent=4`` renders other bytes.
        asked = f"{request.accepted_media_type}\n{request.build_absolute_uri()}"
        digest = hashlib.sha256(asked.encode()).hexdigest()
        return f"events:page:{self.version}:{user.pk.hex}:{int(user.is_staff)}:{digest}"

    @staticmethod
    def is_plain_json(request: Request) -> bool:
        """JSON as ``JSONRenderer`` renders it without parameters (``indent=`` changes the bytes)."""
        return request.accepted_media_type == JSONRenderer.media_type

    def kept_or_merged(self, request: Request, key: str, shared: SharedList | None) -> bytes | None:
        """The caller's kept page, or one merged from the shared part (then kept); None for neither."""
        merged = shared is not None and self.is_plain_json(request)
        reads = CacheReads([key, *shared.cache_keys(self.version)] if merged else [key])
        content = reads.get(key)
        if content is not None or not merged:
            return content
        content = shared.page(self.version, reads)
        if content is not None:
            self.keep_content(key, content)
        return content

    def keep_content(self, key: str, content: bytes) -> None:
        cache.set(key, content, settings.EVENT_LIST_CACHE_SECONDS)

    def keep_page(self, response: Response, key: str) -> Response:
        """Cache ``response``'s rendered JSON once it is rendered (only a 200 is kept)."""

        def store(rendered: Response) -> None:
            if rendered.status_code == 200:
                self.keep_content(key, rendered.content)

        response.add_post_render_callback(store)
        return response

    def visible_count(self, user: User) -> int:
        """How many events ``user`` may see, without filters."""
        key = count_key(self.version, "all" if user.is_staff else "shared")
        shared = cache.get(key)
        if shared is not None:
            return shared if user.is_staff else shared + selectors.user_drafts(user=user).count()
        if user.is_staff:
            shared = visible = selectors.events_shown_to_all(staff=True).count()
        else:
            # One reading of the table for both numbers: the shared count and this caller's drafts.
            shared, drafts = selectors.events_shown_to_all_and_drafts_of(user=user)
            visible = shared + drafts
        cache.set(key, shared, settings.EVENT_LIST_CACHE_SECONDS)
        return visible
