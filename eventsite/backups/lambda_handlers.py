"""The schedule's entry point (``events`` in ``zappa_settings.json``, as ``function(event, context)``)."""

from eventsite.backups.tasks import export_to_s3
from eventsite.tasks import enqueue


def backup_to_s3(event: dict, context) -> dict:
    """Send the export as a task, so that a failed one is retried and dead-lettered like the others."""
    enqueue(export_to_s3)
    return {"enqueued": ["export_to_s3"]}
