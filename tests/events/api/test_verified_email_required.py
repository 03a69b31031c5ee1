"""REQUIRE_VERIFIED_EMAIL: unverified users cannot create events or RSVP (403 email_not_verified)."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Event, Rsvp
from tests.accounts.api.email_links import emailed_token, verify
from tests.factories import EventFactory, RsvpFactory, StaffFactory, UserFactory
from tests.helpers import assert_error, bearer_client, rsvp_path

pytestmark = [pytest.mark.django_db]

EVENT = {"title": "Meetup", "date": "2030-05-05T10:00:00.000Z", "location": "Oslo"}


@pytest.fixture
def required(settings):
    settings.REQUIRE_VERIFIED_EMAIL = True


@pytest.mark.usefixtures("required")
def test_an_unverified_user_cannot_create_an_event(user):
    response = bearer_client(user).post("/events", EVENT, format="json")

    body = assert_error(response, 403, "email_not_verified")
    assert "/users/email/verify/resend" in body["message"]
    assert not Event.objects.exists()


@pytest.mark.usefixtures("required")
def test_an_unverified_user_cannot_rsvp():
    event = EventFactory()

    assert_error(bearer_client(UserFactory()).post(rsvp_path(event)), 403, "email_not_verified")
    assert not Rsvp.objects.exists()


@pytest.mark.usefixtures("required")
def test_an_unverified_user_can_still_withdraw_an_rsvp(user):
    rsvp = RsvpFactory(user=user)

    assert bearer_client(user).delete(rsvp_path(rsvp.event)).status_code == 204


@pytest.mark.usefixtures("required")
def test_verifying_the_address_lifts_the_refusal(user, mailoutbox):
    client = bearer_client(user)
    client.post("/users/email/verify/resend")
    verify(APIClient(), emailed_token(mailoutbox[-1]))

    assert client.post("/events", EVENT, format="json").status_code == 201
    assert client.post(rsvp_path(Event.objects.get())).status_code == 201


@pytest.mark.usefixtures("required")
def test_staff_are_exempt():
    staff = bearer_client(StaffFactory())

    assert staff.post("/events", EVENT, format="json").status_code == 201
    assert staff.post(rsvp_path(Event.objects.get())).status_code == 201


@pytest.mark.usefixtures("required")
def test_a_bounced_address_counts_as_unverified():
    user = UserFactory(email_verified_at=timezone.now(), email_undeliverable_at=timezone.now())

    assert_error(bearer_client(user).post("/events", EVENT, format="json"), 403, "email_not_verified")


def test_unverified_users_create_and_rsvp_while_the_setting_is_off(user):
    client = bearer_client(user)

    assert client.post("/events", EVENT, format="json").status_code == 201
    assert client.post(rsvp_path(Event.objects.get())).status_code == 201
