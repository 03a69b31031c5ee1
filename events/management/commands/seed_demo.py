"""Create a few demo users and events. Running it again changes nothing."""

import uuid
from datetime import UTC, datetime

from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import user_register
from events.models import Event
from events.services import event_create

DEMO_PASSWORD = "demo-Passw0rd!"
DEMO_USERS = [
    ("Ada Organiser", "ada@example.com"),
    ("Grace Attendee", "grace@example.com"),
]
DEMO_EVENTS = [
    (
        "ada@example.com",
        "Tech Conference 2025",
        "Annual technology conference",
        datetime(2025, 12, 15, 9, tzinfo=UTC),
        "San Francisco, CA",
    ),
    (
        "ada@example.com",
        "Django Meetup",
        "Lightning talks and pizza",
        datetime(2026, 1, 20, 18, tzinfo=UTC),
        "Berlin",
    ),
    (
        "grace@example.com",
        "Serverless Workshop",
        "Hands-on Lambda and API Gateway",
        datetime(2026, 2, 3, 10, tzinfo=UTC),
        "Online",
    ),
]
# Stable ids make re-runs find the events they created before.
DEMO_NAMESPACE = uuid.UUID("6f1c2a52-6a55-4c0e-9a53-3f0f8d5b2c11")


class Command(BaseCommand):
    help = f"Create demo users (password {DEMO_PASSWORD!r}) and events, idempotently."

    def handle(self, *args, **options):
        users_created = events_created = 0
        users = {}
        for name, email in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = user_register(name=name, email=email, password=DEMO_PASSWORD)
                users_created += 1
            users[email] = user
        for email, title, description, date, location in DEMO_EVENTS:
            event_id = uuid.uuid5(DEMO_NAMESPACE, title)
            if Event.objects.filter(pk=event_id).exists():
                continue
            event = event_create(
                created_by=users[email],
                title=title,
                description=description,
                date=date,
                location=location,
                event_id=event_id,
            )
            events_created += 1
            self.stdout.write(f"created event {event.title}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {users_created} user(s) and {events_created} event(s) created."
            )
        )
