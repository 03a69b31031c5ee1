"""``accounts.selectors`` called directly: lookups by any spelling of an email, revoked tokens, the export."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts import selectors
from accounts.models import User
from tests.factories import EventFactory, IdempotencyKeyFactory, RevokedTokenFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_email_is_taken_under_any_spelling_of_it():
    UserFactory(email="ann@example.com")

    assert selectors.user_email_taken(email="ANN@Example.com")
    assert not selectors.user_email_taken(email="bob@example.com")


def test_an_inactive_account_still_takes_its_email():
    UserFactory(email="ann@example.com", is_active=False)

    assert selectors.user_email_taken(email="ann@example.com")


def test_active_user_by_email_finds_the_account_under_any_spelling():
    ann = UserFactory(email="ann@example.com")

    assert selectors.active_user_by_email(email="Ann@EXAMPLE.com") == ann


def test_active_user_by_email_ignores_inactive_accounts_and_unknown_addresses():
    UserFactory(email="ann@example.com", is_active=False)

    assert selectors.active_user_by_email(email="ann@example.com") is None
    assert selectors.active_user_by_email(email="nobody@example.com") is None


def test_a_token_is_revoked_only_once_recorded():
    revoked = RevokedTokenFactory()

    assert selectors.token_is_revoked(jti=revoked.jti)
    assert not selectors.token_is_revoked(jti="never-revoked")


def test_expired_revoked_tokens_are_those_past_their_expiry_only():
    now = timezone.now()
    expired = RevokedTokenFactory(expires_at=now - timedelta(seconds=1))
    RevokedTokenFactory(expires_at=now + timedelta(days=1))

    assert list(selectors.revoked_tokens_expired(now=now)) == [expired]


def test_user_data_gathers_what_is_stored_about_the_user_and_nobody_else(user, other_user):
    own_event = EventFactory(created_by=user)
    rsvp = RsvpFactory(user=user, event=EventFactory(created_by=other_user))
    EventFactory(created_by=other_user)
    key = IdempotencyKeyFactory(user=user)
    IdempotencyKeyFactory(user=other_user)
    token = RevokedTokenFactory(user=user)
    RevokedTokenFactory(user=other_user)
    entry = LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(other_user.pk),
        object_repr=str(other_user),
        action_flag=ADDITION,
    )

    data = selectors.user_data(user=user)

    assert data.user == user
    assert list(data.events) == [own_event]
    assert list(data.rsvps) == [rsvp]
    assert list(data.idempotency_keys) == [key]
    assert list(data.revoked_tokens) == [token]
    assert list(data.admin_log_entries) == [entry]
    assert data.calendar_feed is None
    assert data.exported_at <= timezone.now()
