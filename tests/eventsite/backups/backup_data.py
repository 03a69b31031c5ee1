"""A database with a record of every exported model, and every record read back field by field."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from accounts.api_keys.services import api_key_create
from accounts.models import User
from events.models import CalendarFeed, DigestEntry, Event, Rsvp, WebhookDelivery, WebhookEndpoint
from eventsite.backups.collections import exported_models
from tests.factories import (
    EventFactory,
    RevokedTokenFactory,
    RsvpFactory,
    SuperuserFactory,
    TeamMemberFactory,
    TicketFactory,
    UserFactory,
)


def build_every_kind_of_record() -> dict:
    """Users with passwords, events, RSVPs, tickets, teams, webhooks, API keys, feeds, digests."""
    organizer = UserFactory(email="organizer@example.com", email_organizer_digest=True)
    attendee = UserFactory(email="attendee@example.com", last_login=timezone.now())
    SuperuserFactory(email="admin@example.com")
    event = EventFactory(created_by=organizer, capacity=10, end_date=datetime(2030, 1, 2, tzinfo=UTC))
    EventFactory(created_by=organizer, status=Event.Status.CANCELLED)
    ticket = TicketFactory(rsvp=RsvpFactory(event=event, user=attendee))
    ticket.checked_in_at, ticket.checked_in_by = timezone.now(), organizer
    ticket.save()
    RsvpFactory(event=event, status=Rsvp.Status.WAITLISTED)
    TeamMemberFactory(event=event, added_by=organizer)
    RevokedTokenFactory(user=attendee)
    api_key_create(
        user=organizer, name="ci", scopes=["events:read"], expires_at=timezone.now() + timedelta(days=9)
    )
    CalendarFeed.objects.create(user=attendee)
    DigestEntry.objects.create(
        organizer=organizer, event=event, attendee=attendee, kind=DigestEntry.Kind.RSVPED, status="going"
    )
    endpoint = WebhookEndpoint.objects.create(
        owner=organizer, url="https://hooks.example.com/in", event_types=["rsvp.created"], secret="s" * 40
    )
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        change_id=uuid.uuid4(),
        event_type="rsvp.created",
        payload={"event": {"title": "Launch"}, "$date": "not a date"},
        status_code=500,
        error="server error",
    )
    return {"organizer": organizer, "attendee": attendee}


def every_record() -> dict[str, dict]:
    """Each exported model's records by primary key, each as its fields' values."""
    return {
        model._meta.label: {
            obj.pk: {field.attname: field.value_from_object(obj) for field in model._meta.concrete_fields}
            for obj in model._base_manager.all()
        }
        for model in exported_models()
    }


def delete_every_record() -> None:
    for model in reversed(exported_models()):
        model._base_manager.all().delete()
    assert not User.objects.exists()
