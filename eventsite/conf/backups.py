"""Backup settings: the S3 bucket the scheduled export writes to (``eventsite.backups``)."""

from typing import NamedTuple

from eventsite.conf import environ


class BackupSettings(NamedTuple):
    bucket: str
    prefix: str
    s3_endpoint_url: str


def backups_from_environ() -> BackupSettings:
    """``BACKUP_BUCKET`` (empty: the scheduled export refuses to run), ``BACKUP_PREFIX`` (blank is
    ``exports/``, ``/`` the top of the bucket; a ``/`` is added at its end), and
    ``BACKUP_S3_ENDPOINT_URL`` for an S3 emulator."""
    prefix = (environ.text("BACKUP_PREFIX").strip() or "exports/").lstrip("/")
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    return BackupSettings(
        bucket=environ.text("BACKUP_BUCKET").strip(),
        prefix=prefix,
        s3_endpoint_url=environ.text("BACKUP_S3_ENDPOINT_URL").strip(),
    )
