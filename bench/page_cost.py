"""The two queries behind a page of ``/events/all``, timed in-process, with SQLite's query plans."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import median_seconds
from events import selectors

PAGE_SIZE = 100
ID_LIST = re.compile(r"IN \((?:'[0-9a-f]+', )+'[0-9a-f]+'\)")


def page_queries(user):
    """The count and the first page, as ``EventViewSet.list`` runs them for this user."""
    events = selectors.events_visible_to(user=user)
    return events, events[:PAGE_SIZE]


def timings(user) -> tuple[float, float]:
    """Median seconds of the count query and of the page query (with its RSVP prefetch)."""
    events, page = page_queries(user)
    count = median_seconds(events.count, repeat=15)
    fetch = median_seconds(lambda: list(page.all()), repeat=15)
    return count, fetch


def query_plans(user) -> dict[str, str]:
    """``EXPLAIN QUERY PLAN`` of the SQL that the count and the page really send."""
    events, page = page_queries(user)
    with CaptureQueriesContext(connection) as captured:
        events.count()
        list(page.all())
    plans = {}
    for name, query in zip(["count", "page", "RSVP prefetch"], captured.captured_queries, strict=False):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plan = "\n".join(f"  {row[-1]}" for row in cursor.fetchall())
        plans[name] = f"{ID_LIST.sub('IN (<the ids of the page>)', query['sql'])}\n{plan}"
    return plans
