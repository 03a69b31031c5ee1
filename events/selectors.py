from django.db.models import QuerySet

from events.models import Event


def event_list() -> QuerySet[Event]:
    """Every event, soonest first. All authenticated users see all events (legacy)."""
    return Event.objects.order_by("date", "id")
