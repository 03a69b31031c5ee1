"""The events domain's background tasks (``eventsite.tasks``) and the scheduled jobs that start some.

Emails go one task per recipient: a failing address is retried alone and never makes another
recipient's email go twice. ``send_due_reminders`` and ``send_organizer_digests`` are what
a schedule calls (Zappa's ``events``, as ``function(event, context)``) or the management
commands ``send_reminders`` and ``send_organizer_digests``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from events import changes, emails, selectors
from events.models import DigestEntry, Event, Rsvp, TeamMember
from events.services import notifications
from events.teams import emails as team_emails
from events.webhooks.tasks import webhooks_notify
from eventsite.tasks import enqueue, task

# Digest entries no digest took within this long are dropped (their organizer opted out since).
DIGEST_ENTRIES_KEPT = timedelta(days=2)


@task
def change_happened(*, change: dict) -> None:
    """Hand a change to each listener as a task of its own, so that one failing listener (a
    webhook endpoint that is down) never makes another (an email) run twice."""
    for listener in LISTENERS:
        enqueue(listener, change=change)


@task
def email_attendees(*, change: dict) -> None:
    """Listener: the email a change sends (``events.emails.change_email``), a task per recipient."""
    for user_id in emails.change_recipients(change):
        enqueue(send_change_email, change=change, user_id=user_id)


@task
def send_change_email(*, change: dict, user_id: str) -> None:
    emails.send_change_email(change=change, user_id=user_id)


@task
def record_for_digest(*, change: dict) -> None:
    """Listener: an RSVP made or withdrawn, kept for the organizer's digest if they asked for one."""
    kinds = {
        changes.RSVP_CREATED: DigestEntry.Kind.RSVPED,
        changes.RSVP_CANCELLED: DigestEntry.Kind.CANCELLED,
    }
    rsvp = change["rsvp"]
    if change["type"] not in kinds or rsvp["userId"] == change["organizerId"]:
        return
    if not User.objects.filter(pk=change["organizerId"], email_organizer_digest=True).exists():
        return
    # An RSVP withdrawn because its user or event is being deleted: nobody left to tell of.
    if not (
        User.objects.filter(pk=rsvp["userId"]).exists()
        and Event.objects.filter(pk=change["eventId"]).exists()
    ):
        return
    notifications.digest_entry_record(
        organizer_id=change["organizerId"],
        event_id=change["eventId"],
        attendee_id=rsvp["userId"],
        kind=kinds[change["type"]],
        status=rsvp["status"],
    )


# The tasks each change is handed to, one message each (``events.changes``).
LISTENERS: list = [email_attendees, record_for_digest, webhooks_notify]


def send_due_reminders(event=None, context=None) -> int:
    """Scheduled: a ``send_reminder`` task for each RSVP due one; how many were found."""
    lead = timedelta(hours=settings.EVENT_REMINDER_LEAD_HOURS)
    due = selectors.rsvps_due_for_reminder(now=timezone.now(), lead=lead)
    for rsvp_id in due:
        enqueue(send_reminder, rsvp_id=str(rsvp_id))
    return len(due)


@task
def send_reminder(*, rsvp_id: str) -> None:
    """The reminder to one attendee, once: claimed first, the claim given back if it is not sent."""
    claimed_at = notifications.reminder_claim(rsvp_id=rsvp_id)
    if claimed_at is None:
        return
    try:
        rsvp = Rsvp.objects.select_related("event", "user").filter(pk=rsvp_id).first()
        lead = timedelta(hours=settings.EVENT_REMINDER_LEAD_HOURS)
        if rsvp is None or not selectors.reminder_due(rsvp=rsvp, now=timezone.now(), lead=lead):
            notifications.reminder_release(rsvp_id=rsvp_id, claimed_at=claimed_at)
            return
        emails.send_reminder_email(rsvp=rsvp)
    except Exception:
        notifications.reminder_release(rsvp_id=rsvp_id, claimed_at=claimed_at)
        raise


def send_organizer_digests(event=None, context=None) -> int:
    """Scheduled (daily): a ``send_organizer_digest`` task for each organizer with news; how many."""
    now = timezone.now()
    notifications.digest_entries_purge(before=now - DIGEST_ENTRIES_KEPT)
    organizer_ids = selectors.digest_organizer_ids()
    for organizer_id in organizer_ids:
        enqueue(send_organizer_digest, organizer_id=str(organizer_id), until=now.isoformat())
    return len(organizer_ids)


@task
def send_organizer_digest(*, organizer_id: str, until: str) -> None:
    """One organizer's digest of the entries up to ``until``, each told once."""
    digest_id = notifications.digest_claim(organizer_id=organizer_id, until=datetime.fromisoformat(until))
    if digest_id is None:
        return
    try:
        organizer = User.objects.filter(pk=organizer_id).first()
        if organizer is not None and organizer.email_organizer_digest:
            emails.send_digest_email(
                organizer=organizer, entries=selectors.digest_entries(digest_id=digest_id)
            )
    except Exception:
        notifications.digest_release(digest_id=digest_id)
        raise
    notifications.digest_sent(digest_id=digest_id)


@task
def send_team_welcome(*, member_id: str) -> None:
    """The email telling a new team member of their role; none if they were removed meanwhile."""
    member = TeamMember.objects.filter(pk=member_id).select_related("event", "user").first()
    if member is not None:
        team_emails.send_team_welcome_email(member=member)
