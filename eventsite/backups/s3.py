"""The export written to S3: ``BACKUP_BUCKET``, key ``<BACKUP_PREFIX>eventsite-<UTC time>.jsonl.gz``.

The export goes to a temporary file first (Lambda's ``/tmp``), then up as one managed transfer
(multipart for large files), so memory holds only a batch of records at a time.
"""

from __future__ import annotations

import tempfile
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from eventsite.backups.files import text_writer
from eventsite.backups.services import Summary, export_data


class BackupNotConfigured(Exception):
    """``BACKUP_BUCKET`` is unset."""


def s3_client():
    import boto3

    return boto3.client("s3", endpoint_url=settings.BACKUP_S3_ENDPOINT_URL or None)


def backup_key(moment: datetime) -> str:
    return f"{settings.BACKUP_PREFIX}eventsite-{moment.strftime('%Y%m%dT%H%M%SZ')}.jsonl.gz"


def export_to_s3(*, now: datetime | None = None) -> tuple[str, Summary]:
    """Export the database to a new object in ``BACKUP_BUCKET``; its key and the counts."""
    if not settings.BACKUP_BUCKET:
        raise BackupNotConfigured("BACKUP_BUCKET names no bucket, so there is nowhere to write the export")
    key = backup_key(now or timezone.now())
    with tempfile.TemporaryFile() as binary:
        out = text_writer(binary, compress=True)
        summary = export_data(out=out)
        out.detach().close()  # ends the gzip stream and leaves the file open
        binary.seek(0)
        s3_client().upload_fileobj(
            binary, settings.BACKUP_BUCKET, key, ExtraArgs={"ContentType": "application/gzip"}
        )
    return key, summary
