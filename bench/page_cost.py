"""The two queries behind a page of ``/events/all``, timed in-process, with SQLite's query plans."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import median_seconds
from events import selectors
from events.caching import ListCache

PAGE_SIZE = 100
REPEAT = 31
ID_LIST = re.compile(r"IN \((?:'[0-9a-f]+', )+'[0-9a-f]+'\)")


def page_queries(user):
    """The count and the first page, as ``EventViewSet.list`` runs them for this user."""
    events = selectors.events_visible_to(user=user)
    return events, events[:PAGE_SIZE]


def timings(user) -> tuple[float, float, float, float]:
    """Median seconds of: the full count query; the shared count (once per events version);
    the count a list request pays with the shared count cached (the version lookup, a cache
    read and the caller's drafts); the page query (with the caller's RSVPs to it)."""
    events, page = page_queries(user)
    count = median_seconds(events.count, repeat=REPEAT)
    shared = median_seconds(selectors.events_shown_to_all(staff=False).count, repeat=REPEAT)
    ListCache.current().visible_count(user)

    def cached_count() -> int:
        return ListCache.current().visible_count(user)

    per_request = median_seconds(cached_count, repeat=REPEAT)
    fetch = median_seconds(lambda: selectors.rsvps_by_event(user=user, events=page.all()), repeat=REPEAT)
    return count, shared, per_request, fetch


def query_plans(user) -> dict[str, str]:
    """``EXPLAIN QUERY PLAN`` of the SQL that the count and the page really send."""
    events, page = page_queries(user)
    with CaptureQueriesContext(connection) as captured:
        events.count()
        selectors.rsvps_by_event(user=user, events=page.all())
    plans = {}
    for name, query in zip(["count", "page", "RSVP prefetch"], captured.captured_queries, strict=False):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plan = "\n".join(f"  {row[-1]}" for row in cursor.fetchall())
        plans[name] = f"{ID_LIST.sub('IN (<the ids of the page>)', query['sql'])}\n{plan}"
    return plans
