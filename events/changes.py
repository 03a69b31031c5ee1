"""What happens to events and RSVPs, told to whoever listens (emails, webhooks) off the request path.

A service calls ``announce`` inside the unit of work of its write; one task message goes out
once the unit commits (none for a rolled-back write), and ``events.tasks.change_happened``
hands it to each listener as a task of its own. The change carries the resource as the API
showed it at that moment, so a listener can tell of a deleted event or a withdrawn RSVP.
"""

from __future__ import annotations

import copy
import functools
import uuid
from collections.abc import Iterable, Mapping

from django.utils import timezone

from events.models import Event, Rsvp

EVENT_CREATED = "event.created"
EVENT_UPDATED = "event.updated"
EVENT_CANCELLED = "event.cancelled"
EVENT_DELETED = "event.deleted"
RSVP_CREATED = "rsvp.created"
RSVP_CANCELLED = "rsvp.cancelled"
RSVP_PROMOTED = "rsvp.promoted"
KINDS = (
    EVENT_CREATED,
    EVENT_UPDATED,
    EVENT_CANCELLED,
    EVENT_DELETED,
    RSVP_CREATED,
    RSVP_CANCELLED,
    RSVP_PROMOTED,
)

# Model fields -> the names the API gives them, for ``changed``.
API_NAMES = {"time_zone": "timezone", "end_date": "endDate"}


def change_for(
    kind: str,
    *,
    event: Event,
    rsvp: Rsvp | None = None,
    changed: Iterable[str] = (),
    before: Mapping[str, object] | None = None,
) -> dict:
    """The JSON a listener receives: ``{id, type, createdAt, eventId, event, rsvp, changed, before, ...}``.

    ``before`` (model field -> the value before the write) becomes the changed fields' earlier
    values as the API showed them, e.g. ``{"location": "Hall A"}``; empty when not known.
    """
    changed = set(changed)
    earlier = {name: value for name, value in (before or {}).items() if name in changed}
    change = {
        "id": str(uuid.uuid4()),
        "type": kind,
        "createdAt": timezone.now().isoformat(),
        "eventId": str(event.pk),
        "organizerId": str(event.created_by_id),
        "event": _without_my_rsvp(event_json(event)),
        "rsvp": None if rsvp is None else rsvp_json(rsvp),
        "changed": sorted(API_NAMES.get(name, name) for name in changed),
        "before": _earlier_values(event, earlier) if earlier else {},
    }
    if kind == EVENT_DELETED:
        # The RSVPs go with the event: who was coming is read now, while they are there.
        change["attendeeIds"] = [
            str(user_id) for user_id in Rsvp.objects.filter(event=event).values_list("user_id", flat=True)
        ]
    return change


def announce(
    kind: str,
    *,
    event: Event,
    rsvp: Rsvp | None = None,
    changed: Iterable[str] = (),
    before: Mapping[str, object] | None = None,
) -> None:
    """Tell the listeners of ``kind`` once the current unit of work commits."""
    from events.tasks import change_happened
    from eventsite.tasks import enqueue

    enqueue(change_happened, change=change_for(kind, event=event, rsvp=rsvp, changed=changed, before=before))


def announce_event_change(
    *, event: Event, changed: Iterable[str], before: Mapping[str, object] | None = None
) -> None:
    """An edit: ``event.cancelled`` if it cancelled the event, else ``event.updated`` if anything changed.

    ``before``: the model fields' values before the edit, for the change's ``before``.
    """
    changed = set(changed)
    if not changed:
        return
    cancelled = "status" in changed and event.status == Event.Status.CANCELLED
    announce(EVENT_CANCELLED if cancelled else EVENT_UPDATED, event=event, changed=changed, before=before)


def _earlier_values(event: Event, before: Mapping[str, object]) -> dict:
    """The API's JSON of ``before``'s fields, serialized from a copy of ``event`` holding them."""
    earlier = copy.copy(event)
    for name, value in before.items():
        setattr(earlier, name, value)
    shown = event_json(earlier)
    names = (API_NAMES.get(name, name) for name in before)
    return {name: shown[name] for name in names if name in shown}


@functools.cache
def _serializers():
    """One event and one RSVP serializer per process: a serializer deep-copies its declared fields
    when it is made, which cost more than the representation itself on every write; rendering
    without a request keeps no state between calls, so one instance serves them all."""
    from events.serializers import EventSerializer, RsvpSerializer

    return EventSerializer(), RsvpSerializer()


def event_json(event: Event) -> dict:
    """The event's JSON as the API shows it to a caller without an RSVP (``myRsvp`` null)."""
    return dict(_serializers()[0].to_representation(event))


def rsvp_json(rsvp: Rsvp) -> dict:
    return dict(_serializers()[1].to_representation(rsvp))


def _without_my_rsvp(data) -> dict:
    data = dict(data)
    data.pop("myRsvp", None)
    return data
