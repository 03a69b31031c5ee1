from datetime import UTC, datetime, timedelta

import factory
from django.utils import timezone

from accounts.models import RevokedToken, User
from events.models import Event

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


class RevokedTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RevokedToken

    jti = factory.Faker("uuid4")
    user = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


def create_events(count: int, *, created_by: User) -> list[Event]:
    """Many events in one insert, for pagination tests that need hundreds of rows."""
    return Event.objects.bulk_create(EventFactory.build_batch(count, created_by=created_by))
