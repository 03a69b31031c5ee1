"""Tickets (importable as ``events.models``)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_ticket_code() -> str:
    """128 random bits, URL-safe: nothing about it follows from ids or times."""
    return secrets.token_urlsafe(16)


class Ticket(models.Model):
    """The ticket of one RSVP, presented at the door as ``code`` (or its QR code).

    Made with the RSVP; it admits its holder only while the RSVP is ``going``. Withdrawing
    the RSVP voids the ticket for good (``voided_at``, and ``rsvp`` becomes null); a new RSVP
    gets a new ticket with a new code. ``checked_in_at`` is set by one conditional update, so
    of concurrent check-ins of one code exactly one succeeds.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=32, unique=True, default=new_ticket_code, editable=False)
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="tickets")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tickets")
    rsvp = models.OneToOneField(
        "events.Rsvp", on_delete=models.SET_NULL, null=True, blank=True, related_name="ticket"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    voided_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["id"], name="ticket_id_idx"),
            models.Index(fields=["code"], name="ticket_code_idx"),
            models.Index(fields=["rsvp"], name="ticket_rsvp_idx"),
            models.Index(fields=["event", "checked_in_at"], name="ticket_event_checkin_idx"),
            models.Index(fields=["holder", "event"], name="ticket_holder_event_idx"),
        ]

    def __str__(self) -> str:
        return f"ticket of {self.holder} for {self.event}"
