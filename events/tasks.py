"""The events domain's background tasks (``eventsite.tasks``)."""

from events.webhooks.tasks import webhooks_notify
from eventsite.tasks import enqueue, task

# The tasks each change is handed to, one message each (``events.changes``).
LISTENERS: list = [webhooks_notify]


@task
def change_happened(*, change: dict) -> None:
    """Hand a change to each listener as a task of its own, so that one failing listener (a
    webhook endpoint that is down) never makes another (an email) run twice."""
    for listener in LISTENERS:
        enqueue(listener, change=change)
