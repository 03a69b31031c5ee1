"""Media storage in the AWS emulator's bucket: what production's image uploads use."""

import uuid

import pytest

from tests.helpers.moto import emulator_bucket

MEDIA_BUCKET = "eventsite-media-test"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(scope="session")
def s3_bucket(moto_endpoint):
    return emulator_bucket(moto_endpoint, MEDIA_BUCKET)


@pytest.fixture
def s3_media(settings, moto_endpoint, s3_bucket):
    """The media storage is the emulator's bucket, under a prefix of the test's own."""
    prefix = uuid.uuid4().hex
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": MEDIA_BUCKET,
                "endpoint_url": moto_endpoint,
                "location": prefix,
                "file_overwrite": False,
                "signature_version": "s3v4",
                **CREDENTIALS,
            },
        },
    }
    return prefix
