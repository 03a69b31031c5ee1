import io

import pytest
from django.core.management import call_command

from accounts.models import User
from events.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
from events.models import Event

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_users_and_events_once():
    first = seed()
    counts = (User.objects.count(), Event.objects.count())
    ids = set(Event.objects.values_list("id", flat=True))

    second = seed()

    assert counts[0] > 0 and counts[1] > 0
    assert (User.objects.count(), Event.objects.count()) == counts
    assert set(Event.objects.values_list("id", flat=True)) == ids
    assert "0 user(s) and 0 event(s) created" not in first
    assert "0 user(s) and 0 event(s) created" in second


def test_seeded_demo_user_can_log_in(api_client):
    seed()
    _, email = DEMO_USERS[0]
    response = api_client.post("/users/login", {"email": email, "password": DEMO_PASSWORD}, format="json")

    assert response.status_code == 200
