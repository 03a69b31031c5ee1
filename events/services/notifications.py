"""Writes behind the emails to attendees and organizers: reminder markers and digest entries.

Each claim is one conditional update, so concurrent runs of the same scheduled job (or a
redelivered task) send a reminder or a digest entry once.
"""

import uuid
from datetime import datetime

from django.utils import timezone

from events.models import DigestEntry, Rsvp


def reminder_claim(*, rsvp_id: uuid.UUID | str) -> datetime | None:
    """Mark the RSVP reminded; the time of the mark, or None when it was marked already (or is gone)."""
    now = _to_milliseconds(timezone.now())
    claimed = Rsvp.objects.filter(pk=rsvp_id, reminded_at__isnull=True).update(reminded_at=now)
    return now if claimed else None


def _to_milliseconds(moment: datetime) -> datetime:
    """MongoDB stores milliseconds: a mark compared later must be written as it will be read."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def reminder_release(*, rsvp_id: uuid.UUID | str, claimed_at: datetime) -> None:
    """Give back a claim whose reminder was not sent, so that a later run sends it."""
    Rsvp.objects.filter(pk=rsvp_id, reminded_at=claimed_at).update(reminded_at=None)


def digest_entry_record(
    *, organizer_id: str, event_id: str, attendee_id: str, kind: str, status: str
) -> DigestEntry:
    return DigestEntry.objects.create(
        organizer_id=organizer_id, event_id=event_id, attendee_id=attendee_id, kind=kind, status=status
    )


def digest_claim(*, organizer_id: uuid.UUID | str, until: datetime) -> uuid.UUID | None:
    """Claim the organizer's untold entries up to ``until`` for one digest: its id, or None for none."""
    digest_id = uuid.uuid4()
    claimed = DigestEntry.objects.filter(
        organizer_id=organizer_id, digest_id__isnull=True, created_at__lte=until
    ).update(digest_id=digest_id)
    return digest_id if claimed else None


def digest_release(*, digest_id: uuid.UUID) -> None:
    """A digest that could not be sent gives its entries back to the next one."""
    DigestEntry.objects.filter(digest_id=digest_id).update(digest_id=None)


def digest_sent(*, digest_id: uuid.UUID) -> None:
    DigestEntry.objects.filter(digest_id=digest_id).delete()


def digest_entries_purge(*, before: datetime) -> int:
    """Delete entries older than ``before`` that no digest took (their organizer opted out since)."""
    return DigestEntry.objects.filter(created_at__lt=before).delete()[0]
