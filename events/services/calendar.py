"""The personal calendar feed's key."""

import uuid

from accounts.models import User
from events.models import CalendarFeed


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """A new key; the old feed URL stops working."""
    feed = calendar_feed_for(user=user)
    feed.key = uuid.uuid4()
    feed.save(update_fields=["key"])
    return feed


def calendar_feed_revoke(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()
