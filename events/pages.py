"""Event list pages whose shared part is built once per events version for every caller.

A page of ``/events`` is the events every user sees (for staff: every event) in one window of
the list, with the caller's own parts: ``myRsvp`` and, on the unfiltered lists, their drafts,
which sit among the shared events in the list's order. The shared events are cached in
chunks of one page size (one chunk per page): each event serialized and rendered to JSON
once per events version, filter query and chunk, ending just before its ``myRsvp`` value.
A caller's page then costs one query for their RSVPs to the events shown, one for their
drafts if they have any, and a join of bytes; the paginator counts, validates and links as on the plain path.

A caller gets the plain path (``events.caching``: their page built from the database) when
the shared part cannot be theirs: a caller-relative filter (``createdBy=me``), a filtered
list while they have drafts, more drafts than one page holds, or a media type other than
plain JSON. Chunks built from data newer than the version they are kept under serve
only the requests that read that version before the write committed.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from events import selectors
from events.filters import EventFilter
from events.models import Event
from events.pagination import EventPagination

RENDERER = JSONRenderer()
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
MY_RSVP = b',"myRsvp":'
# Every column of an event: what its JSON is made from.
FIELDS = [field.attname for field in Event._meta.concrete_fields]
MANY_DRAFTERS = 1000
MANY = "many"


class Row(NamedTuple):
    """One event of a page: its place in the list's order, and its JSON up to ``myRsvp``'s value.

    Plain values only (a ``UUID`` costs a Python call to unpickle from the cache): the time in
    microseconds and the id's hex, which order as the list does.
    """

    micros: int
    id: str
    json: bytes


def sort_key(event: Event) -> tuple[int, str]:
    return (event.date - EPOCH) // MICROSECOND, event.pk.hex


@dataclass
class SharedList:
    """What the view provides: the events everyone sees, the caller's drafts, and serializers.

    ``shared_events`` applies the request's filters; ``drafts`` are the caller's, unfiltered;
    ``events_json`` renders events (``myRsvp`` null) and ``rsvps_json`` the caller's RSVPs.
    """

    request: Request
    paginator: EventPagination
    filtered: bool
    shared_events: Callable[[], QuerySet[Event]]
    drafts: Callable[[], QuerySet[Event]]
    events_json: Callable[[Sequence[Event]], list[bytes]]
    rsvps_json: Callable[[Sequence[object]], list[bytes]]

    @cached_property
    def shape(self) -> str:
        """What the shared part depends on: staff or not, and the filters asked for, in one spelling
        (other parameters change no row)."""
        scope = "all" if self.request.user.is_staff else "shared"
        params = self.request.query_params
        asked = sorted((name, params.getlist(name)) for name in params if name in EventFilter.base_filters)
        return f"{scope}:{hashlib.sha256(repr(asked).encode()).hexdigest()[:32]}" if asked else scope

    def cache_keys(self, version: str) -> list[str]:
        """What ``page`` will most likely read from the cache: one round trip for them all."""
        keys = [count_key(version, self.shape), drafters_key(version)]
        pages = self.request.query_params.getlist(self.paginator.page_query_param) or ["1"]
        try:
            size = self.paginator.get_page_size(self.request)
        except ValidationError:
            return keys
        if len(pages) == 1 and pages[0].isdigit() and int(pages[0]) > 0:
            keys.append(Chunks(self, version, size, CacheReads([])).key(int(pages[0]) - 1))
        return keys

    def page(self, version: str, reads: CacheReads) -> bytes | None:
        """This caller's page under ``version``, or None when it must take the plain path."""
        if "me" in self.request.query_params.getlist("createdBy"):
            return None
        user = self.request.user
        # The count first: it applies the filters, so an invalid one is a 400 before any other error.
        shared_count = self._count(version, reads)
        page_size = self.paginator.get_page_size(self.request)
        drafts: list[Event] = []
        if not user.is_staff and may_have_drafts(version, user, reads):
            drafts = list(self.drafts()[: page_size + 1])
            if len(drafts) > page_size or (drafts and self.filtered):
                return None
        rows = MergedRows(Chunks(self, version, page_size, reads), drafts)
        events = self.paginator.paginate_queryset(rows, self.request, count=shared_count + len(drafts))
        return self._render(events)

    def _count(self, version: str, reads: CacheReads) -> int:
        key = count_key(version, self.shape)
        count = reads.get(key)
        if count is None:
            count = self.shared_events().count()
            cache.set(key, count, settings.EVENT_LIST_CACHE_SECONDS)
        return count

    def _render(self, events: list[Row]) -> bytes:
        rsvps = selectors.rsvps_to(user=self.request.user, event_ids={row.id for row in events})
        rendered = dict(zip(rsvps, self.rsvps_json(list(rsvps.values())), strict=True))
        parts = [row.json + rendered.get(row.id, b"null") + b"}" for row in events]
        envelope = RENDERER.render(self.paginator.get_paginated_response([]).data)
        empty = f'"{self.paginator.results_key}":[]}}'.encode()
        if not envelope.endswith(empty):
            raise ValueError(f"the list envelope must end with its {self.paginator.results_key!r} list")
        return envelope[:-2] + b",".join(parts) + b"]}"


class CacheReads:
    """The cache reads of one request: those asked for in advance come from one ``get_many``."""

    def __init__(self, keys: list[str]):
        self.asked = set(keys)
        self.known = cache.get_many(keys) if keys else {}

    def get(self, key: str):
        return self.known.get(key) if key in self.asked else cache.get(key)


def count_key(version: str, shape: str) -> str:
    """The count of the events everyone sees (``shape``: staff or not, and the filters); the plain
    path (``events.caching.ListCache.visible_count``) reads the unfiltered one too."""
    return f"events:count:{version}:{shape}"


def drafters_key(version: str) -> str:
    return f"events:drafters:{version}"


def may_have_drafts(version: str, user, reads: CacheReads) -> bool:
    """Whether ``user`` is among the creators of drafts under ``version`` (read once per version).

    Most callers have none, and then need no query for them. Past ``MANY_DRAFTERS`` creators the
    set is not kept, and every caller's drafts are read.
    """
    key = drafters_key(version)
    drafters = reads.get(key)
    if drafters is None:
        creators = list(selectors.draft_creators()[: MANY_DRAFTERS + 1])
        drafters = MANY if len(creators) > MANY_DRAFTERS else frozenset(creator.hex for creator in creators)
        cache.set(key, drafters, settings.EVENT_LIST_CACHE_SECONDS)
    return drafters == MANY or user.pk.hex in drafters


class Chunks:
    """The shared events of one version and shape, ``size`` at a time (a page's worth)."""

    def __init__(self, shared: SharedList, version: str, size: int, reads: CacheReads):
        self.shared = shared
        self.version = version
        self.size = size
        self.reads = reads

    def key(self, index: int) -> str:
        return f"events:rows:{self.version}:{self.shared.shape}:{self.size}:{index}"

    def rows(self, start: int, stop: int) -> list[Row]:
        """The shared events at positions ``start`` to ``stop`` (within two neighbouring chunks)."""
        first, last = start // self.size, max(start, stop - 1) // self.size
        rows = [row for index in range(first, last + 1) for row in self.chunk(index)]
        return rows[start - first * self.size : stop - first * self.size]

    def chunk(self, index: int) -> list[Row]:
        key = self.key(index)
        rows = self.reads.get(key)
        if rows is None:
            rows = self._build(index)
            cache.set(key, rows, settings.EVENT_LIST_CACHE_SECONDS)
        return rows

    def _build(self, index: int) -> list[Row]:
        """The chunk's events read as values; each rendered again only if its values changed.

        A write changes the version, but mostly one event: the JSON of the others is kept, across
        versions, under the chunk's place in the list, keyed by all the values it was made from.
        """
        start = index * self.size
        values = list(self.shared.shared_events().values_list(*FIELDS)[start : start + self.size])
        states = [repr(row) for row in values]
        key = f"events:rendered:{self.shared.shape}:{self.size}:{index}"
        rendered: dict[str, Row] = cache.get(key) or {}
        missing = [place for place, state in enumerate(states) if state not in rendered]
        if missing:
            events = [Event(**dict(zip(FIELDS, values[place], strict=True))) for place in missing]
            for place, row in zip(missing, rows_of(events, self.shared.events_json(events)), strict=True):
                rendered[states[place]] = row
        rows = [rendered[state] for state in states]
        cache.set(key, dict(zip(states, rows, strict=True)), settings.EVENT_LIST_CACHE_SECONDS)
        return rows


class MergedRows:
    """The caller's list: the shared events and their drafts merged in the list's order.

    Sliced by the paginator, one page at a time. A draft moves every shared event after it one
    place down, so the shared events of a page start at most ``len(drafts)`` places earlier.
    """

    def __init__(self, chunks: Chunks, drafts: list[Event]):
        self.chunks = chunks
        self.drafts = drafts
        self.draft_keys = [sort_key(draft) for draft in drafts]

    def __getitem__(self, window: slice) -> list[Row]:
        bottom, top = window.start, window.stop
        if not self.drafts:
            return self.chunks.rows(bottom, top)
        start = max(0, bottom - len(self.drafts))
        shared = self.chunks.rows(start, top)
        if start == 0 or not shared:
            drafts, position = self.drafts, 0
        else:
            before = bisect.bisect_left(self.draft_keys, shared[0][:2])
            drafts, position = self.drafts[before:], start + before
        merged = sorted([*shared, *self._rows(drafts)])
        return merged[bottom - position : top - position]

    def _rows(self, drafts: list[Event]) -> list[Row]:
        return rows_of(drafts, self.chunks.shared.events_json(drafts)) if drafts else []


def rows_of(events: Sequence[Event], rendered: list[bytes]) -> list[Row]:
    """Rows from events and their JSON (``myRsvp`` null, the last field), cut before the null."""
    rows = []
    for event, json in zip(events, rendered, strict=True):
        if not json.endswith(MY_RSVP + b"null}"):
            raise ValueError("an event's JSON must end with its myRsvp field")
        rows.append(Row(*sort_key(event), json[: -len(b"null}")]))
    return rows
