import hashlib
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from events.models import (
    CalendarFeed,
    DigestEntry,
    Event,
    EventsVersion,
    Rsvp,
    TeamMember,
    Ticket,
    WebhookEndpoint,
)

# "Not a draft" rather than "published or cancelled": with an IN list, SQLite answers the
# visibility OR from two indexes and sorts every visible event for each page; this way it
# walks the (date, id) index and stops at the page's end (bench/README.md).
NOT_DRAFT = ~Q(status=Event.Status.DRAFT)
# Every list's order: soonest first, the id breaking ties.
LIST_ORDER = ("date", "id")
# ``rsvps_to`` reads every RSVP of a user who has at most this many.
FEW_RSVPS = 100


def event_list() -> QuerySet[Event]:
    """Every event, soonest first (the admin and other unfiltered readers)."""
    return Event.objects.order_by(*LIST_ORDER)


def events_version() -> str:
    """The events version: a digest of every ``EventsVersion`` shard's token, in one query."""
    shards = sorted(EventsVersion.objects.values_list("id", "token"))
    digest = hashlib.sha256()
    for shard, token in shards:
        digest.update(shard.bytes + token.bytes)
    return digest.hexdigest()[:32]


def events_shown_to_all(*, staff: bool) -> QuerySet[Event]:
    """What every user sees (staff: every event); with ``user_drafts``, what one user sees."""
    events = Event.objects.all()
    return events if staff else events.filter(NOT_DRAFT)


def events_shown_to_all_and_drafts_of(*, user: User) -> tuple[int, int]:
    """How many events every user sees, and how many drafts of ``user``'s there are, in one query."""
    counts = Event.objects.aggregate(
        shared=Count("pk", filter=NOT_DRAFT),
        drafts=Count("pk", filter=Q(created_by=user, status=Event.Status.DRAFT)),
    )
    return counts["shared"], counts["drafts"]


def events_shown_to_all_in_order(*, staff: bool) -> QuerySet[Event]:
    """``events_shown_to_all`` in the list's order."""
    return events_shown_to_all(staff=staff).order_by(*LIST_ORDER)


def user_drafts(*, user: User) -> QuerySet[Event]:
    return Event.objects.filter(created_by=user, status=Event.Status.DRAFT)


def draft_creators() -> QuerySet:
    """The ids of the users who have drafts, each once."""
    return (
        Event.objects.filter(status=Event.Status.DRAFT)
        .order_by()
        .values_list("created_by", flat=True)
        .distinct()
    )


def user_drafts_in_order(*, user: User) -> QuerySet[Event]:
    """``user_drafts`` in the list's order."""
    return user_drafts(user=user).order_by(*LIST_ORDER)


def events_visible_to(*, user: User) -> QuerySet[Event]:
    """The events this user may see listed: drafts only to their creator and staff.

    A lookup by id also finds a draft for its team (``EventViewSet.get_object``,
    ``events.teams.selectors.team_draft``); the lists do not show them there.
    """
    events = event_list()
    if user.is_staff:
        return events
    return events.filter(NOT_DRAFT | Q(created_by=user))


def rsvps_by_event(*, user: User, events: Iterable[Event | uuid.UUID]) -> dict[uuid.UUID, Rsvp]:
    """``user``'s RSVP to each of ``events`` (or their ids) that has one (at most one each), by event id.

    One query for a whole page, and none for no events: the ``myRsvp`` of answers that show
    events. (Not a ``Subquery`` annotation: django-mongodb-backend puts its ``$lookup``
    before the page's ``$sort``/``$limit``, a join for every event in the collection.)
    """
    events = list(events)
    if not events:
        return {}
    # Rsvp's default ordering would only add a sort.
    rsvps = Rsvp.objects.filter(user=user).order_by().filter(event__in=events)
    return {rsvp.event_id: rsvp for rsvp in rsvps}


def rsvps_to(*, user: User, event_ids: Collection[str]) -> dict[str, Rsvp]:
    """``user``'s RSVPs to the events of these ids (hex), by event id (hex).

    Reads all the user's RSVPs through their index when they have at most ``FEW_RSVPS``: for
    most users one short read, cheaper to build and run than a list of a page's ids, which
    ``rsvps_by_event`` sends (and this, for a user with more).
    """
    if not event_ids:
        return {}
    mine = list(Rsvp.objects.filter(user=user).order_by()[: FEW_RSVPS + 1])
    if len(mine) > FEW_RSVPS:
        mine = rsvps_by_event(user=user, events=[uuid.UUID(hex=event_id) for event_id in event_ids]).values()
    return {rsvp.event_id.hex: rsvp for rsvp in mine if rsvp.event_id.hex in event_ids}


def rsvp_of(*, user: User, event: Event) -> Rsvp | None:
    """``user``'s RSVP to ``event``, with the event (the services update its seats), or None."""
    return Rsvp.objects.filter(event=event, user=user).select_related("event").first()


def event_attendees(*, event: Event) -> QuerySet[Rsvp]:
    """With their users, and each page's tickets (``checkedInAt``) in one more query."""
    rsvps = Rsvp.objects.filter(event=event).select_related("user").prefetch_related("ticket")
    return rsvps.order_by("created_at", "id")


def event_attendee_ids(*, event_id: uuid.UUID | str) -> list[uuid.UUID]:
    """Who is going to or waitlisted for the event: those its changes are told to."""
    statuses = [Rsvp.Status.GOING, Rsvp.Status.WAITLISTED]
    return list(
        Rsvp.objects.filter(event_id=event_id, status__in=statuses)
        .order_by()
        .values_list("user_id", flat=True)
    )


def rsvps_due_for_reminder(*, now: datetime, lead: timedelta) -> list[uuid.UUID]:
    """The going RSVPs not yet reminded, to published events that start within ``lead`` of ``now``.

    Two indexed reads (events by status and date, then their RSVPs), no join.
    """
    soon = Event.objects.filter(status=Event.Status.PUBLISHED, date__gt=now, date__lte=now + lead)
    event_ids = list(soon.order_by().values_list("id", flat=True))
    if not event_ids:
        return []
    due = Rsvp.objects.filter(event_id__in=event_ids, status=Rsvp.Status.GOING, reminded_at__isnull=True)
    return list(due.order_by().values_list("id", flat=True))


def reminder_due(*, rsvp: Rsvp, now: datetime, lead: timedelta) -> bool:
    """Whether ``rsvp`` (with its event) is still owed the reminder ``rsvps_due_for_reminder`` found."""
    event = rsvp.event
    return (
        rsvp.status == Rsvp.Status.GOING
        and event.status == Event.Status.PUBLISHED
        and now < event.date <= now + lead
    )


def digest_organizer_ids() -> set[uuid.UUID]:
    """The organizers with entries no digest has told of yet."""
    waiting = DigestEntry.objects.filter(digest_id__isnull=True).order_by()
    return set(waiting.values_list("organizer_id", flat=True))


def digest_entries(*, digest_id: uuid.UUID) -> QuerySet[DigestEntry]:
    return (
        DigestEntry.objects.filter(digest_id=digest_id)
        .select_related("event", "attendee")
        .order_by("event__date", "event__id", "created_at", "id")
    )


def user_rsvps(*, user: User) -> QuerySet[Rsvp]:
    """The user's RSVPs with their events, soonest event first."""
    return Rsvp.objects.filter(user=user).select_related("event").order_by("event__date", "event__id")


def user_going_events(*, user: User) -> QuerySet[Event]:
    return event_list().filter(rsvps__user=user, rsvps__status=Rsvp.Status.GOING)


def calendar_feed_owner(*, key: str) -> User | None:
    """The active user whose feed key this is, or None (also for a malformed key)."""
    try:
        key = uuid.UUID(key)
    except (TypeError, ValueError):
        return None
    feed = CalendarFeed.objects.filter(key=key, user__is_active=True).select_related("user").first()
    return feed.user if feed else None


@dataclass(frozen=True)
class UserEventData:
    """What the events app holds about one user, for the data export (``accounts.selectors.user_data``)."""

    events: QuerySet[Event]
    rsvps: QuerySet[Rsvp]
    calendar_feed: CalendarFeed | None
    digest_entries: QuerySet[DigestEntry]
    webhooks: QuerySet[WebhookEndpoint]
    team_roles: QuerySet[TeamMember]
    tickets: QuerySet[Ticket]


def user_event_data(*, user: User) -> UserEventData:
    """The user's own events (drafts too), RSVPs with their event's title, calendar feed key,
    webhook endpoints, team memberships, tickets (voided ones too; never others' tickets they
    checked in), and the digest entries not yet sent that name them (as organizer or attendee)."""
    return UserEventData(
        events=Event.objects.filter(created_by=user).order_by("created_at", "id"),
        rsvps=Rsvp.objects.filter(user=user).select_related("event").order_by("created_at", "id"),
        calendar_feed=CalendarFeed.objects.filter(user=user).first(),
        digest_entries=DigestEntry.objects.filter(Q(organizer=user) | Q(attendee=user)).order_by(
            "created_at", "id"
        ),
        webhooks=WebhookEndpoint.objects.filter(owner=user).order_by("created_at", "id"),
        team_roles=TeamMember.objects.filter(user=user).order_by("created_at", "id"),
        tickets=Ticket.objects.filter(holder=user).select_related("event").order_by("created_at", "id"),
    )
