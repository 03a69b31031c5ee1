"""A reset request takes as long for a known address as for an unknown one, however slow the mail.

The inline back end and a real SMTP server that waits before it answers: the mail goes out
on the worker thread after the response, so the response time does not show whether an
account exists. (The SQS path: tests/lambda/test_password_reset_on_sqs.py.)
"""

import pytest

from eventsite.tasks import backends
from tests.accounts.api.reset_timing import (
    NOISE_SECONDS,
    ROUNDS,
    SMTP_DELAY_SECONDS,
    known_and_unknown_addresses,
    median_reset_seconds,
    slow_smtp,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_reset_answers_known_and_unknown_addresses_in_the_same_time_and_mails_the_known_one(settings):
    settings.TASKS_BACKEND = "inline"
    known, unknown = known_and_unknown_addresses(settings)
    worker = backends.current()

    with slow_smtp(settings) as smtp:
        medians = median_reset_seconds(known, unknown, after_each=worker.wait_until_idle)

        assert abs(medians[known] - medians[unknown]) < NOISE_SECONDS, medians
        assert medians[known] < SMTP_DELAY_SECONDS / 2, medians
        assert smtp.recipients() == [known] * (ROUNDS + 1)
