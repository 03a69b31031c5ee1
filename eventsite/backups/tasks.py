"""The backup's task: the daily export to S3, run (and retried, then dead-lettered) as a task."""

import logging

from eventsite.backups import s3
from eventsite.tasks import task

logger = logging.getLogger("eventsite.backups")


@task
def export_to_s3() -> None:
    key, summary = s3.export_to_s3()
    logger.info("backup written", extra={"key": key, "records": summary.total})
