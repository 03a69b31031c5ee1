"""Emails to attendees and organizers, composed from the change payloads of ``events.changes``.

``events.tasks`` sends them, one task per recipient. Templates are ``emails/<name>*`` of this
app (``templates/emails/``), which a deployment overrides through ``EMAIL_TEMPLATES_DIR``
(``accounts.mail``). The texts show times in the event's own zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.text import slugify

from accounts.mail import Attachment, send_email
from accounts.models import User
from events import changes, selectors
from events.models import DigestEntry, Event, Rsvp, Ticket
from events.tickets import qr
from events.tickets.selectors import rsvp_ticket

# Of an edit, what attendees are told about: when and where.
TOLD_CHANGES = ("date", "endDate", "timezone", "location")
LABELS = {"date": "Starts", "endDate": "Ends", "timezone": "Time zone", "location": "Location"}
NOT_SET = "(not set)"
# The emails that tell a going attendee their ticket (code in the text, QR code attached).
TICKET_TEMPLATES = ("rsvp_confirmed", "rsvp_promoted")


def change_email(change: dict) -> tuple[str, str] | None:
    """``(template, category)`` of the email a change sends its recipients, or None for none."""
    kind = change["type"]
    if kind == changes.RSVP_CREATED:
        going = change["rsvp"]["status"] == Rsvp.Status.GOING
        return ("rsvp_confirmed" if going else "rsvp_waitlisted"), "rsvp_updates"
    if kind == changes.RSVP_PROMOTED:
        return "rsvp_promoted", "rsvp_updates"
    if kind == changes.EVENT_UPDATED and set(change["changed"]) & set(TOLD_CHANGES):
        return "event_changed", "event_changes"
    if kind in (changes.EVENT_CANCELLED, changes.EVENT_DELETED):
        return "event_cancelled", "event_changes"
    return None


def change_recipients(change: dict) -> list[str]:
    """The ids of the users a change's email goes to (none if it sends none)."""
    if change_email(change) is None:
        return []
    if change["rsvp"] is not None:
        return [change["rsvp"]["userId"]]
    if change["type"] == changes.EVENT_DELETED:
        return list(change["attendeeIds"])
    return [str(user_id) for user_id in selectors.event_attendee_ids(event_id=change["eventId"])]


def send_change_email(*, change: dict, user_id: str) -> bool:
    """The email of ``change`` to one recipient; whether it was sent."""
    found = change_email(change)
    user = User.objects.filter(pk=user_id).first()
    if found is None or user is None:
        return False
    template, category = found
    if change["rsvp"] is not None and not Rsvp.objects.filter(pk=change["rsvp"]["rsvpId"]).exists():
        return False  # withdrawn meanwhile: nothing left to confirm
    event = Event.objects.filter(pk=change["eventId"]).first()
    context = {
        "event": shown_event(change["event"]),
        "changes": changed_values(change),
        "deleted": change["type"] == changes.EVENT_DELETED,
    }
    attachments = [] if event is None else [ics_attachment(event)]
    ticket = rsvp_ticket(rsvp_id=change["rsvp"]["rsvpId"]) if template in TICKET_TEMPLATES else None
    if ticket is not None:
        context["ticket"] = {"code": ticket.code}
        attachments.append(ticket_attachment(ticket))
    return send_email(
        user=user, template=template, context=context, category=category, attachments=attachments
    )


def send_reminder_email(*, rsvp: Rsvp) -> bool:
    context = {"event": shown_event(changes.event_json(rsvp.event))}
    return send_email(
        user=rsvp.user,
        template="event_reminder",
        context=context,
        category="reminders",
        attachments=[ics_attachment(rsvp.event)],
    )


def send_digest_email(*, organizer: User, entries: Iterable[DigestEntry]) -> bool:
    """One email listing ``entries`` (RSVPs made and withdrawn), grouped by event."""
    events: dict = {}
    for entry in entries:
        shown = events.setdefault(entry.event_id, {"title": entry.event.title, "rsvped": [], "cancelled": []})
        shown["rsvped" if entry.kind == DigestEntry.Kind.RSVPED else "cancelled"].append(
            {"name": entry.attendee.name or entry.attendee.email, "status": entry.status}
        )
    if not events:
        return False
    return send_email(
        user=organizer,
        template="organizer_digest",
        context={"events": list(events.values())},
        category="organizer_digest",
    )


def ics_attachment(event: Event) -> Attachment:
    from events.ics import calendar_bytes

    name = slugify(event.title)[:50] or "event"
    return Attachment(f"{name}.ics", calendar_bytes([event]), "text/calendar")


def ticket_attachment(ticket: Ticket) -> Attachment:
    """The ticket's QR code, to show at the door from the phone's mail app."""
    return Attachment("ticket.png", qr.qr_image(ticket.code, qr.PNG), qr.PNG)


def shown_event(data: dict) -> dict:
    """The event's JSON (as the API shows it) with its times written for people."""
    zone = data.get("timezone") or ""
    return {
        "title": data["title"],
        "starts": when(data["date"], zone),
        "ends": when(data["endDate"], zone) if data.get("endDate") else "",
        "location": data.get("location") or "",
        "status": data.get("status"),
    }


def changed_values(change: dict) -> list[dict]:
    """``{label, old, new}`` for each change attendees are told of; ``old`` empty when unknown."""
    new, before = change["event"], change.get("before") or {}
    old_zone = before.get("timezone", new.get("timezone") or "")
    told = []
    for name in TOLD_CHANGES:
        if name not in change["changed"]:
            continue
        told.append(
            {
                "label": LABELS[name],
                "old": _value(name, before[name], old_zone) if name in before else "",
                "new": _value(name, new.get(name), new.get("timezone") or ""),
            }
        )
    return told


def _value(name: str, value, zone: str) -> str:
    if not value:
        return NOT_SET
    if name in ("date", "endDate"):
        return when(value, zone)
    return str(value)


def when(iso: str, zone_name: str) -> str:
    """``2030-01-01T09:00:00Z`` in the zone: ``Tuesday 1 January 2030, 10:00 (Europe/Berlin)``."""
    moment = datetime.fromisoformat(iso)
    try:
        zone = ZoneInfo(zone_name) if zone_name else UTC
    except (ValueError, ZoneInfoNotFoundError):
        zone, zone_name = UTC, ""
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({zone_name or 'UTC'})"
