"""The task queue at its real boundary: the packaged app sends to SQS (moto), Zappa's handler consumes.

The queue is made by the deploy step's own code (``eventsite/lambda_build/task_queues.py``), with no
event source mapping: with one, moto would try to run the function in Docker. The test plays
Lambda's poller: it receives the messages with boto3, hands them to ``handler.lambda_handler`` in
the unzipped package as an SQS event (the ``eventSourceARN`` of the stage's mapping in
``zappa_settings.json``, by which Zappa routes it to ``consume``), deletes what succeeded and
makes the failed messages visible again at once instead of after the visibility timeout.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from eventsite.lambda_build.task_queues import MAX_RECEIVE_COUNT, TaskQueues, ensure_queues

from .lambda_runtime import PROJECT_DIR, LambdaProcess, lambda_environment
from .sqs_events import sqs_event

pytestmark = pytest.mark.slow

DEV = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())["dev"]
(MAPPED_ARN,) = [e["event_source"]["arn"] for e in DEV["events"] if e["function"].endswith(".consume")]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# The rule Zappa names ``<function>-<scheduled function>``; its handler routes by that name's end.
PURGE_RULE = (
    "arn:aws:events:us-east-1:123456789012:rule/eventsite-dev-"
    + "eventsite.tasks.lambda_handlers.purge_expired"
)


@pytest.fixture(scope="module")
def sqs(moto_endpoint):
    import boto3

    return boto3.client(
        "sqs",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture(scope="module")
def queues(sqs) -> TaskQueues:
    """A task queue of its own (the deploy test maps ``eventsite-dev-tasks`` on the same moto)."""
    return ensure_queues(sqs, name=f"eventsite-boundary-{uuid.uuid4().hex[:8]}-tasks", function_timeout=30)


@pytest.fixture(scope="module")
def queue_app(package_dir, runtime_dir, moto_endpoint, queues, tmp_path_factory):
    """The packaged app on Lambda (``TASKS_BACKEND`` defaults to ``sqs`` there), sending to the queue."""
    work_dir = tmp_path_factory.mktemp("lambda-queue")
    env = lambda_environment(
        work_dir,
        **CREDENTIALS,
        TASKS_SQS_ENDPOINT_URL=moto_endpoint,
        TASKS_QUEUE_NAME=queues.url.rsplit("/")[-1],
    )
    app = LambdaProcess(package_dir, runtime_dir, env, work_dir / "handler.log")
    assert app.invoke({"manage": "migrate --noinput"}) == {}, (work_dir / "handler.log").read_text()[-4000:]
    app.database = work_dir / "db.sqlite3"
    yield app
    app.close()


def receive(sqs, url: str) -> list[dict]:
    return sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get(
        "Messages", []
    )


def deliver(app, sqs, url: str, messages: list[dict]) -> list[str]:
    """Invoke the handler with the batch, then do what Lambda does with the answer; the failed ids."""
    result = app.invoke(sqs_event(messages, arn=MAPPED_ARN))
    assert "invokeError" not in result, app.log_path.read_text()[-4000:]
    failed = [failure["itemIdentifier"] for failure in result["batchItemFailures"]]
    for message in messages:
        if message["MessageId"] in failed:
            sqs.change_message_visibility(
                QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
            )
        else:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return failed


def task_runs(database) -> dict[str, tuple[str, int, bool]]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT id, task, attempts, finished_at FROM tasks_taskrun").fetchall()
    return {row[0]: (row[1], row[2], row[3] is not None) for row in rows}


def add_old_finished_run(database) -> str:
    """A run finished 30 days ago, which the daily purge deletes (set up by SQL: no API makes one)."""
    run_id = uuid.uuid4().hex
    finished = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO tasks_taskrun (id, task, attempts, started_at, finished_at, last_error, created_at) "
            "VALUES (?, 'old', 1, ?, ?, '', ?)",
            (run_id, finished, finished, finished),
        )
    return run_id


def test_the_daily_schedule_sends_the_purges_to_sqs_and_the_consumer_runs_each_once(queue_app, sqs, queues):
    old_run = add_old_finished_run(queue_app.database)
    scheduled = {"detail-type": "Scheduled Event", "source": "aws.events", "resources": [PURGE_RULE]}

    assert queue_app.invoke(scheduled)["enqueued"][-1] == "purge_task_runs"
    messages = receive(sqs, queues.url)

    bodies = [json.loads(message["Body"]) for message in messages]
    assert sorted(body["args"]["command"] for body in bodies) == [
        "purge_audit_log",
        "purge_auth_failure_counters",
        "purge_idempotency_keys",
        "purge_revoked_tokens",
        "purge_task_runs",
    ]
    assert deliver(queue_app, sqs, queues.url, messages) == []
    runs = task_runs(queue_app.database)
    assert old_run not in runs
    purges = {uuid.UUID(body["id"]).hex for body in bodies}
    assert {runs[run_id] for run_id in purges} == {("eventsite.tasks.tasks.run_purge", 1, True)}
    assert receive(sqs, queues.url) == []

    # SQS may deliver a message again (at-least-once): a redelivered message does not run again.
    redelivered = [{**m, "Attributes": {**m["Attributes"], "ApproximateReceiveCount": "2"}} for m in messages]
    old_again = add_old_finished_run(queue_app.database)
    assert queue_app.invoke(sqs_event(redelivered, arn=MAPPED_ARN)) == {"batchItemFailures": []}
    assert old_again in task_runs(queue_app.database)
    assert {task_runs(queue_app.database)[run_id][1] for run_id in purges} == {1}


def test_a_message_that_keeps_failing_is_received_five_times_then_lands_in_the_dead_letter_queue(
    queue_app, sqs, queues
):
    body = json.dumps({"id": str(uuid.uuid4()), "task": "eventsite.tasks.tasks.no_such_task", "args": {}})
    sent = sqs.send_message(QueueUrl=queues.url, MessageBody=body)["MessageId"]

    receive_counts = []
    while messages := receive(sqs, queues.url):
        receive_counts += [int(message["Attributes"]["ApproximateReceiveCount"]) for message in messages]
        assert deliver(queue_app, sqs, queues.url, messages) == [sent]

    assert receive_counts == list(range(1, MAX_RECEIVE_COUNT + 1))
    (dead,) = receive(sqs, queues.dlq_url)
    assert (dead["MessageId"], dead["Body"]) == (sent, body)
    assert "no task is named 'eventsite.tasks.tasks.no_such_task'" in queue_app.log_path.read_text()
