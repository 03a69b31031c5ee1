from datetime import UTC, datetime, timedelta

import factory

from accounts.models import User
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


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    description = "An event"
    date = factory.Sequence(lambda n: datetime(2030, 1, 1, 9, tzinfo=UTC) + timedelta(days=n))
    location = "Berlin"
    created_by = factory.SubFactory(UserFactory)
