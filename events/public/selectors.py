from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from events.models import Event
from events.selectors import LIST_ORDER

# The public feed holds the events that start from this long ago on, at most this many (the
# soonest): calendar apps fetch it whole, and a Lambda answer stops at 6 MB.
FEED_PAST = timedelta(days=30)
FEED_MAX_EVENTS = 1000


def public_events() -> QuerySet[Event]:
    """What anyone may read without login: published public events, soonest first.

    Through the ``event_visibility_idx`` index (visibility, status, date); drafts, cancelled
    and members-only events never match.
    """
    return Event.objects.filter(visibility=Event.Visibility.PUBLIC, status=Event.Status.PUBLISHED).order_by(
        *LIST_ORDER
    )


def public_feed_events() -> QuerySet[Event]:
    """The public feed's events: recent and upcoming, bounded (``FEED_PAST``, ``FEED_MAX_EVENTS``)."""
    return public_events().filter(date__gte=timezone.now() - FEED_PAST)[:FEED_MAX_EVENTS]
