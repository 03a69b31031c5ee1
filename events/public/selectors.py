from django.db.models import QuerySet

from events.models import Event
from events.selectors import LIST_ORDER


def public_events() -> QuerySet[Event]:
    """What anyone may read without login: published public events, soonest first.

    Through the ``event_visibility_idx`` index (visibility, status, date); drafts, cancelled
    and members-only events never match.
    """
    return Event.objects.filter(visibility=Event.Visibility.PUBLIC, status=Event.Status.PUBLISHED).order_by(
        *LIST_ORDER
    )
