"""The reset request on the SQS path (moto server): both addresses send one message alike, in the
same time; the Lambda consumer then mails the known address only."""

import json
import uuid

import pytest

from eventsite.tasks import backends
from eventsite.tasks.lambda_handlers import consume
from tests.accounts.api.reset_timing import (
    NOISE_SECONDS,
    ROUNDS,
    known_and_unknown_addresses,
    median_reset_seconds,
    slow_smtp,
)

from .sqs_events import sqs_event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def task_queue(settings, monkeypatch, aws_env, aws_client):
    """A fresh queue on moto that the ``sqs`` back end sends to; its URL and ARN."""
    for name, value in aws_env.items():
        monkeypatch.setenv(name, value)
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=f"tasks-{uuid.uuid4().hex[:12]}")["QueueUrl"]
    settings.TASKS_BACKEND = "sqs"
    settings.TASKS_SQS_ENDPOINT_URL = aws_env["AWS_ENDPOINT_URL"]
    settings.TASKS_QUEUE_URL = url
    backends.sqs_client.cache_clear()
    backends.queue_url.cache_clear()
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    yield sqs, url, arn
    backends.sqs_client.cache_clear()
    backends.queue_url.cache_clear()
    sqs.delete_queue(QueueUrl=url)


def receive_all(sqs, url: str, count: int) -> list[dict]:
    messages: list[dict] = []
    for _ in range(10):
        received = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, AttributeNames=["All"]
        )
        messages += received.get("Messages", [])
        if len(messages) >= count:
            break
    return messages


@pytest.mark.slow
def test_reset_on_sqs_sends_alike_messages_in_the_same_time_and_the_consumer_mails_the_known_address(
    settings, task_queue
):
    sqs, url, arn = task_queue
    known, unknown = known_and_unknown_addresses(settings)

    with slow_smtp(settings) as smtp:
        medians = median_reset_seconds(known, unknown)
        assert smtp.recipients() == []

        assert abs(medians[known] - medians[unknown]) < NOISE_SECONDS, medians
        messages = receive_all(sqs, url, 2 * (ROUNDS + 1))
        bodies = [json.loads(message["Body"]) for message in messages]
        assert sorted(body["args"]["email"] for body in bodies) == sorted([known, unknown] * (ROUNDS + 1))
        assert {body["task"] for body in bodies} == {"accounts.tasks.send_password_reset"}
        assert {tuple(sorted(body)) for body in bodies} == {("args", "enqueuedAt", "id", "task")}
        # The same size but for the send time's digits: nothing tells the addresses' messages apart.
        sizes = {
            len(message["Body"]) - len(body["enqueuedAt"])
            for message, body in zip(messages, bodies, strict=True)
        }
        assert len(sizes) == 1

        for start in range(0, len(messages), 10):
            batch = messages[start : start + 10]
            assert consume(sqs_event(batch, arn=arn), None) == {"batchItemFailures": []}

        assert smtp.recipients() == [known] * (ROUNDS + 1)
