"""Task queue settings: which back end runs background tasks, and the SQS queue in production."""

from typing import NamedTuple

from eventsite.conf import environ

BACKENDS = ("inline", "sqs", "sync", "memory")


class TaskSettings(NamedTuple):
    backend: str
    queue_url: str
    queue_name: str
    sqs_endpoint_url: str
    inline_attempts: int
    lease_seconds: int


def tasks_from_environ(*, on_lambda: bool) -> TaskSettings:
    """``TASKS_BACKEND`` (``sqs`` on Lambda, ``inline`` elsewhere), and the queue it needs.

    On Lambda only ``sqs`` is accepted: a thread started by a request freezes when the handler
    returns. The queue is ``TASKS_QUEUE_URL``, or the queue named ``TASKS_QUEUE_NAME``, by default
    the one the deploy creates for the function: ``<function name>-tasks`` (``eventsite-dev-tasks``).
    ``sqs`` with neither stops start-up.
    """
    backend = environ.choice("TASKS_BACKEND", "sqs" if on_lambda else "inline", BACKENDS)
    if on_lambda and backend != "sqs":
        environ.fail(f"TASKS_BACKEND must be sqs on AWS Lambda, not {backend}: threads freeze with it")
    queue_url = environ.text("TASKS_QUEUE_URL").strip()
    function_name = environ.text("AWS_LAMBDA_FUNCTION_NAME").strip()
    queue_name = environ.text("TASKS_QUEUE_NAME", f"{function_name}-tasks" if function_name else "").strip()
    if backend == "sqs" and not (queue_url or queue_name):
        environ.fail("TASKS_QUEUE_URL or TASKS_QUEUE_NAME must name the task queue when TASKS_BACKEND is sqs")
    return TaskSettings(
        backend=backend,
        queue_url=queue_url,
        queue_name=queue_name,
        sqs_endpoint_url=environ.text("TASKS_SQS_ENDPOINT_URL").strip(),
        inline_attempts=environ.whole_number("TASKS_INLINE_ATTEMPTS", 3, minimum=1, maximum=10),
        lease_seconds=environ.seconds("TASKS_LEASE_SECONDS", 180),
    )
