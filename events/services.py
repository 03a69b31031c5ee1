"""Writes for the events domain."""

import uuid
from datetime import datetime

from accounts.models import User
from events.models import Event


def event_create(
    *,
    created_by: User,
    title: str,
    date: datetime,
    description: str = "",
    location: str = "",
    event_id: uuid.UUID | None = None,
) -> Event:
    event = Event(created_by=created_by, title=title, date=date, description=description, location=location)
    if event_id is not None:
        event.id = event_id
    event.full_clean(exclude=["created_by"], validate_unique=False)
    event.save(force_insert=True)
    return event


EDITABLE_FIELDS = frozenset({"title", "description", "date", "location"})


def event_update(*, event: Event, **changes) -> Event:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"event_update() got non-editable fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(event, name, value)
    event.full_clean(exclude=["created_by"], validate_unique=False)
    event.save(update_fields=[*changes, "updated_at"])
    return event


def event_delete(*, event: Event) -> None:
    event.delete()
