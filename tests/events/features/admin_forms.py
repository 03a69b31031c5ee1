"""The event admin's change form, as a browser posts it."""

CHANGELIST = "/admin/events/event/"


def change_path(event) -> str:
    return f"{CHANGELIST}{event.pk}/change/"


def change_form(event, **fields) -> dict:
    """The change form of ``event`` as posted, with ``fields`` changed (the RSVP inline unchanged)."""
    rsvps = str(event.rsvps.count())
    form = {
        "title": event.title,
        "description": event.description,
        "date_0": "2030-02-01",
        "date_1": "10:00:00",
        "location": event.location,
        "status": event.status,
        "capacity": "" if event.capacity is None else str(event.capacity),
        "created_by": str(event.created_by_id),
        "rsvps-TOTAL_FORMS": rsvps,
        "rsvps-INITIAL_FORMS": rsvps,
    }
    return {**form, **fields}
