import re
import uuid
from functools import cache
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from events.images.models import EventImageFields


@cache
def _iana_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zone names an event's time zone may take, sorted."""
    return tuple(sorted(_iana_timezones()))


def validate_timezone(name: str) -> None:
    """An IANA zone name such as ``Europe/Berlin`` (checked against the tz database)."""
    if name and name not in _iana_timezones():
        raise ValidationError("Unknown time zone. Use an IANA name such as Europe/Berlin.", code="invalid")


# What RFC 5545 forbids in text (its CONTROL: U+0000 to U+001F and U+007F, except TAB), less
# CR and LF, which iCalendar writes escaped as ``\n``.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_no_control_characters(text: str) -> None:
    """No control characters but tab and line breaks (calendar output cannot carry them)."""
    if text and CONTROL_CHARACTERS.search(text):
        raise ValidationError(
            "Must not contain control characters (tab and line breaks are allowed).", code="invalid"
        )


class Event(EventImageFields, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft"
        PUBLISHED = "published"
        CANCELLED = "cancelled"

    class Visibility(models.TextChoices):
        MEMBERS = "members"
        PUBLIC = "public"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200, validators=[MinLengthValidator(1)])
    description = models.TextField(max_length=5000, blank=True, default="")
    date = models.DateTimeField()
    end_date = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True, default="", validators=[validate_timezone])
    location = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    # Who may read it: every signed-in user (the legacy rule), or anyone at /public/events.
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS)
    capacity = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    # Seats taken, kept by the RSVP services with conditional updates (see services.rsvp_create).
    going_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            # Lookups by id (details, seat updates, joins from RSVPs): see accounts/models.py
            # for why unique fields get a plain index too.
            models.Index(fields=["id"], name="event_id_idx"),
            # The list endpoints sort by date (id breaks ties for stable pages).
            models.Index(fields=["date", "id"], name="event_date_id_idx"),
            models.Index(fields=["created_by", "date"], name="event_creator_date_idx"),
            models.Index(fields=["status", "date"], name="event_status_date_idx"),
            models.Index(fields=["end_date"], name="event_end_date_idx"),
            models.Index(fields=["created_at", "id"], name="event_created_id_idx"),
            models.Index(fields=["title", "id"], name="event_title_id_idx"),
            # The public listing: published public events by date.
            models.Index(fields=["visibility", "status", "date"], name="event_visibility_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.end_date is not None and self.date is not None and self.end_date <= self.date:
            raise ValidationError({"end_date": "Must be after the start date."})

    @property
    def spots_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.going_count, 0)


class Rsvp(models.Model):
    class Status(models.TextChoices):
        GOING = "going"
        WAITLISTED = "waitlisted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps")
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When the reminder before the event was claimed for sending (``events.tasks.send_reminder``);
    # cleared when the event's date moves, so a new one is due.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="rsvp_event_user_uniq")]
        indexes = [
            # Attendee lists and waitlist promotion: an event's RSVPs by status, oldest first.
            models.Index(fields=["event", "status", "created_at"], name="rsvp_event_status_idx"),
            models.Index(fields=["user", "created_at"], name="rsvp_user_created_idx"),
            # Equality lookups on the unique fields (accounts/models.py says why).
            models.Index(fields=["id"], name="rsvp_id_idx"),
            models.Index(fields=["event", "user"], name="rsvp_event_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.status})"


class DigestEntry(models.Model):
    """An RSVP made or withdrawn on the event of an organizer who asked for the daily digest;
    deleted once a digest told of it (``events.tasks.send_organizer_digest``)."""

    class Kind(models.TextChoices):
        RSVPED = "rsvped"
        CANCELLED = "cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organizer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    attendee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The RSVP's status when it was made or withdrawn.
    status = models.CharField(max_length=10, choices=Rsvp.Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # The digest that claimed the entry for sending (a conditional update), null until then.
    digest_id = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "digest entries"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["id"], name="digestentry_id_idx"),
            models.Index(fields=["organizer", "digest_id", "created_at"], name="digestentry_organizer_idx"),
            models.Index(fields=["digest_id"], name="digestentry_digest_idx"),
            models.Index(fields=["created_at"], name="digestentry_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.attendee} {self.kind} {self.event}"


class CalendarFeed(models.Model):
    """A user's personal iCalendar feed key: calendar apps cannot send bearer headers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.UUIDField(unique=True, default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Equality lookups on the unique fields (accounts/models.py says why).
        indexes = [
            models.Index(fields=["id"], name="calendarfeed_id_idx"),
            models.Index(fields=["key"], name="calendarfeed_key_idx"),
            models.Index(fields=["user"], name="calendarfeed_user_idx"),
        ]

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"


class EventsVersion(models.Model):
    """A shard of the events version: one of ``SHARDS`` rows whose tokens together change
    with every write that an event list shows.

    Cached list pages are keyed by all the tokens together (``events.caching``), read in
    one query: a new token in any shard retires every cached page at once, on every
    process and Lambda container, because it lives in the database they share. Written
    only by ``events.caching.events_changed``, inside the unit of work of the write, so no
    write can change a list without retiring it.
    """

    SHARDS = 16
    SHARD_IDS = tuple(uuid.UUID(int=0x6D1B3F4E0C394E8A9A8E2F7C1D5B9A00 + shard) for shard in range(SHARDS))

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = "events version"
        # Each write updates one shard by id (accounts/models.py says why a plain index).
        indexes = [models.Index(fields=["id"], name="eventsversion_id_idx")]

    def __str__(self) -> str:
        return str(self.token)


# Team, ticket and webhook models live in their own modules; Django finds them here, under the events app.
from events.teams.models import TeamMember  # noqa: E402, F401
from events.tickets.models import Ticket  # noqa: E402, F401
from events.webhooks.models import WebhookDelivery, WebhookEndpoint  # noqa: E402, F401
