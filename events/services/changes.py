"""The events version: what every write that an event list shows must change."""

import random
import uuid

from django.db import IntegrityError

from events.models import EventsVersion
from eventsite.runtime.transactions import ConcurrentWrite, in_unit_of_work, unit_of_work


def events_changed() -> None:
    """Retire every cached event list page: call in the unit of work of any write a list shows.

    Events, their seats and RSVPs (``myRsvp``) all appear in lists; ``events.caching``
    keys pages by the tokens of all ``EventsVersion`` shards, so a new token in any one
    makes every cached page unreachable. Each write replaces one shard chosen at random:
    concurrent writers rarely touch the same document, so they rarely conflict. Outside a
    unit of work (a script) it is one of its own.
    """
    if not in_unit_of_work():
        unit_of_work(events_changed)
        return
    shard = random.choice(EventsVersion.SHARD_IDS)
    token = uuid.uuid4()
    if EventsVersion.objects.filter(pk=shard).update(token=token):
        return
    try:
        EventsVersion.objects.create(id=shard, token=token)
    except IntegrityError as exc:
        # A concurrent first write created the shard; the unit runs again and updates it.
        raise ConcurrentWrite("events version shard created concurrently") from exc
