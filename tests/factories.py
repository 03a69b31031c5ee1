from datetime import UTC, datetime, timedelta

import factory
from django.db.models import F
from django.utils import timezone

from accounts.models import RevokedToken, User
from events.models import Event, Rsvp, TeamMember, Ticket
from eventsite.api.models import IdempotencyKey

DEFAULT_PASSWORD = "correct-Horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(DEFAULT_PASSWORD)


class StaffFactory(UserFactory):
    is_staff = True


class SuperuserFactory(StaffFactory):
    is_superuser = True


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    description = "An event"
    date = factory.Sequence(lambda n: datetime(2030, 1, 1, 9, tzinfo=UTC) + timedelta(days=n))
    location = "Berlin"
    created_by = factory.SubFactory(UserFactory)


class RsvpFactory(factory.django.DjangoModelFactory):
    """A going RSVP; keeps the event's seat count in step like the RSVP service does."""

    class Meta:
        model = Rsvp
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Rsvp.Status.GOING

    @factory.post_generation
    def take_seat(rsvp, create, extracted, **kwargs):
        if create and rsvp.status == Rsvp.Status.GOING:
            Event.objects.filter(pk=rsvp.event_id).update(going_count=F("going_count") + 1)
            rsvp.event.refresh_from_db(fields=["going_count"])


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamMember.Role.ORGANIZER


class TicketFactory(factory.django.DjangoModelFactory):
    """The ticket of a going RSVP (made with it, as the RSVP service makes it)."""

    class Meta:
        model = Ticket

    rsvp = factory.SubFactory(RsvpFactory)
    event = factory.SelfAttribute("rsvp.event")
    holder = factory.SelfAttribute("rsvp.user")


class RevokedTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RevokedToken

    jti = factory.Faker("uuid4")
    user = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


class IdempotencyKeyFactory(factory.django.DjangoModelFactory):
    """A stored key; without ``status_code`` it is a request still in progress."""

    class Meta:
        model = IdempotencyKey

    user = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"key-{n}")
    scope = factory.LazyAttribute(lambda o: IdempotencyKey.scope_for(o.user.pk, o.key))
    fingerprint = "0" * 64


def create_events(count: int, *, created_by: User) -> list[Event]:
    """Many events in one insert, for pagination tests that need hundreds of rows."""
    return Event.objects.bulk_create(EventFactory.build_batch(count, created_by=created_by))
