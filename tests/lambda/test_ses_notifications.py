"""SES notifications through Zappa's real handler, from the package: routed by the SNS topic's ARN
(``events`` in zappa_settings.json) to ``accounts.bounces.handle_ses_notifications``."""

from __future__ import annotations

import sqlite3

import pytest

from tests.accounts.ses_notifications import notification, sns_record

from .lambda_runtime import api_event

pytestmark = pytest.mark.slow


def undeliverable_at(app, email: str):
    with sqlite3.connect(app.database) as db:
        (value,) = db.execute(
            "SELECT email_undeliverable_at FROM accounts_user WHERE email = ?", (email,)
        ).fetchone()
    return value


def test_a_permanent_bounce_published_to_the_topic_marks_the_account_through_the_handler(lambda_app):
    registered = lambda_app.invoke(
        api_event(
            "POST",
            "/users/register",
            {"name": "Jane", "email": "jane@example.com", "password": "s3cure-Passw0rd!"},
        )
    )
    assert registered["statusCode"] == 200, registered

    result = lambda_app.invoke({"Records": [sns_record(notification("bounce_permanent"))]})

    assert result == {"marked": 1}
    assert undeliverable_at(lambda_app, "jane@example.com") is not None


def test_a_notification_from_another_topic_reaches_no_function(lambda_app):
    record = sns_record(notification("complaint"), topic_arn="arn:aws:sns:us-east-1:123456789012:elsewhere")

    assert lambda_app.invoke({"Records": [record]}) is None
