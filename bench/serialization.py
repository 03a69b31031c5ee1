"""``EventSerializer(many=True).data`` for a page of 100 events vs the same dicts built by hand.

Both sides start from the same model instances (fetched once, with the caller's RSVPs read as
the view does), so only the conversion to JSON-ready data is timed. The hand-built output is
checked to be equal to the serializer's, so the comparison is like for like.
"""

from __future__ import annotations

from datetime import UTC

from bench.common import median_seconds, ms, ratio, table
from events import selectors
from events.images.selectors import media_url
from events.serializers import MY_RSVPS, EventSerializer

PAGE_SIZE = 100
GOAL = 3.0


def _iso(moment):
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def _rsvp_dict(rsvp) -> dict:
    return {
        "rsvpId": str(rsvp.id),
        "eventId": str(rsvp.event_id),
        "userId": str(rsvp.user_id),
        "status": rsvp.status,
        "createdAt": _iso(rsvp.created_at),
    }


def by_hand(events, my_rsvps) -> list[dict]:
    return [
        {
            "eventId": str(event.id),
            "title": event.title,
            "description": event.description,
            "date": _iso(event.date),
            "location": event.location,
            "createdBy": str(event.created_by_id),
            "createdAt": _iso(event.created_at),
            "status": event.status,
            "visibility": event.visibility,
            "endDate": _iso(event.end_date),
            "timezone": event.time_zone or None,
            "capacity": event.capacity,
            "attendeeCount": event.going_count,
            "spotsLeft": event.spots_left,
            "imageUrl": media_url(event.image_name),
            "thumbnailUrl": media_url(event.thumbnail_name),
            "imageStatus": event.image_status,
            "imageError": event.image_error or None,
            "myRsvp": _rsvp_dict(my_rsvps[event.pk]) if event.pk in my_rsvps else None,
        }
        for event in events
    ]


def with_serializer(events, my_rsvps) -> list:
    return EventSerializer(events, many=True, context={MY_RSVPS: my_rsvps}).data


def measure(user) -> tuple[float, float]:
    events = list(selectors.events_visible_to(user=user)[:PAGE_SIZE])
    if len(events) != PAGE_SIZE:
        raise SystemExit(f"bench: serialization needs {PAGE_SIZE} visible events, found {len(events)}")
    my_rsvps = selectors.rsvps_by_event(user=user, events=events)
    if [dict(item) for item in with_serializer(events, my_rsvps)] != by_hand(events, my_rsvps):
        raise SystemExit("bench: the hand-built dicts differ from EventSerializer's output")
    # Interleaved rounds, best of each: the least disturbed by other work on the machine.
    rounds = [
        (
            median_seconds(lambda: with_serializer(events, my_rsvps), repeat=1, number=5),
            median_seconds(lambda: by_hand(events, my_rsvps), repeat=1, number=20),
        )
        for _ in range(20)
    ]
    return min(serializer for serializer, _ in rounds), min(hand for _, hand in rounds)


def report(serializer: float, hand: float) -> str:
    return table(
        ["page of 100 events", "time", "ratio"],
        [
            ["EventSerializer(many=True).data", ms(serializer), ratio(serializer, hand, GOAL)],
            ["the same dicts built by hand", ms(hand), "1.00x"],
        ],
    )
