"""The scheduled export on the S3 emulator (moto server): the object is there and restores."""

import io
import uuid
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from eventsite.backups import s3
from eventsite.backups.lambda_handlers import backup_to_s3
from tests.eventsite.backups.backup_data import build_every_kind_of_record, delete_every_record, every_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings, monkeypatch, aws_env, aws_client):
    """A fresh bucket on moto that ``BACKUP_BUCKET`` names; the S3 client and the bucket's name."""
    for name, value in aws_env.items():
        monkeypatch.setenv(name, value)
    client = aws_client("s3")
    name = f"backups-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    settings.BACKUP_BUCKET = name
    settings.BACKUP_PREFIX = "exports/"
    settings.BACKUP_S3_ENDPOINT_URL = aws_env["AWS_ENDPOINT_URL"]
    yield client, name
    for item in client.list_objects_v2(Bucket=name).get("Contents", []):
        client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


def test_the_scheduled_backup_writes_an_export_to_s3_that_import_data_restores(bucket, tmp_path):
    client, name = bucket
    build_every_kind_of_record()
    before = every_record()

    assert backup_to_s3({"source": "aws.events"}, None) == {"enqueued": ["export_to_s3"]}

    (item,) = client.list_objects_v2(Bucket=name, Prefix="exports/")["Contents"]
    assert item["Key"].startswith("exports/eventsite-") and item["Key"].endswith(".jsonl.gz")
    client.download_file(name, item["Key"], str(tmp_path / "backup.jsonl.gz"))
    delete_every_record()
    call_command("import_data", str(tmp_path / "backup.jsonl.gz"), stdout=io.StringIO())
    assert every_record() == before


def test_the_backup_key_carries_the_time_of_the_export(bucket):
    client, name = bucket

    key, _ = s3.export_to_s3(now=datetime(2027, 3, 4, 5, 6, 7, tzinfo=UTC))

    assert key == "exports/eventsite-20270304T050607Z.jsonl.gz"
    assert client.head_object(Bucket=name, Key=key)["ContentType"] == "application/gzip"


def test_without_a_bucket_the_backup_refuses_to_run(settings):
    settings.BACKUP_BUCKET = ""

    with pytest.raises(s3.BackupNotConfigured, match="BACKUP_BUCKET"):
        s3.export_to_s3()
