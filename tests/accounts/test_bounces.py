"""SES bounce and complaint notifications, as SNS hands them to the function, stop mail to an address."""

import json
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.bounces import handle_ses_notifications
from accounts.models import User
from tests.accounts.ses_notifications import ses_message, sns_event, sns_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(db):
    return UserFactory(email="jane@example.com")


@pytest.fixture
def richard(db):
    return UserFactory(email="richard@example.com")


@pytest.fixture
def bystander(db):
    return UserFactory(email="mary@example.com")


def undeliverable(*users) -> list[bool]:
    return [User.objects.get(pk=user.pk).email_undeliverable_at is not None for user in users]


def test_a_permanent_bounce_marks_every_bounced_recipient_under_any_spelling(jane, richard, bystander):
    result = handle_ses_notifications(sns_event("bounce_permanent"), None)

    assert result == {"marked": 2}
    assert undeliverable(jane, richard, bystander) == [True, True, False]


def test_a_complaint_marks_the_complaining_recipient(jane, richard):
    assert handle_ses_notifications(sns_event("complaint"), None) == {"marked": 1}

    assert undeliverable(jane, richard) == [False, True]


def test_a_bounce_of_ses_event_publishing_marks_the_recipient_named_with_a_display_name(jane):
    assert handle_ses_notifications(sns_event("event_publishing_bounce"), None) == {"marked": 1}

    assert undeliverable(jane) == [True]


@pytest.mark.parametrize("name", ["bounce_transient", "delivery"])
def test_a_transient_bounce_or_a_delivery_changes_nothing_and_is_logged(name, jane, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.bounces"):
        assert handle_ses_notifications(sns_event(name), None) == {"marked": 0}

    assert undeliverable(jane) == [False]
    (logged,) = [record for record in caplog.records if record.getMessage() == "SES notification"]
    assert (logged.notification_type, logged.accounts_marked) == (ses_message(name)["notificationType"], 0)
    assert "jane@example.com" not in caplog.text


def test_an_address_marked_before_keeps_the_date_it_was_first_marked(jane):
    first = (timezone.now() - timedelta(days=3)).replace(microsecond=0)  # MongoDB keeps milliseconds
    User.objects.filter(pk=jane.pk).update(email_undeliverable_at=first)

    assert handle_ses_notifications(sns_event("bounce_permanent"), None) == {"marked": 0}

    assert User.objects.get(pk=jane.pk).email_undeliverable_at == first


def test_a_record_that_is_no_ses_notification_is_skipped_and_the_others_still_apply(richard, caplog):
    event = sns_event("complaint")
    event["Records"].insert(0, sns_record("not json"))

    with caplog.at_level(logging.WARNING, logger="accounts.bounces"):
        assert handle_ses_notifications(event, None) == {"marked": 1}

    assert undeliverable(richard) == [True]
    assert "SNS record without an SES notification" in caplog.text


def test_no_mail_goes_to_a_bounced_address_after_the_notification(api_client, jane, bystander):
    handle_ses_notifications(sns_event("bounce_permanent"), None)

    for user in (jane, bystander):
        response = api_client.post("/users/password/reset", {"email": user.email}, format="json")
        assert response.status_code == 202

    assert [message.to for message in mail.outbox] == [[bystander.email]]


@pytest.mark.parametrize(
    "message",
    [
        {"notificationType": "Bounce", "bounce": "Permanent"},
        {"notificationType": "Bounce", "bounce": {"bounceType": "Permanent", "bouncedRecipients": {"a": 1}}},
        {"notificationType": "Complaint", "complaint": {"complainedRecipients": [{"emailAddress": 7}, "x"]}},
        {"eventType": "Complaint"},
        ["not", "an", "object"],
    ],
)
def test_a_malformed_notification_changes_nothing_and_does_not_fail(message, jane):
    event = {"Records": [sns_record(json.dumps(message))]}

    assert handle_ses_notifications(event, None) == {"marked": 0}
    assert undeliverable(jane) == [False]
