"""Static files on S3 (``STATIC_STORAGE=s3``) against the AWS emulator: one bucket per session,
filled by ``make static-upload``'s code for a stage that turns it on, and the settings
that make this process's pages link it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from eventsite.conf.static import S3, StaticSettings
from eventsite.lambda_build.static_upload import upload
from tests.helpers.moto import emulator_bucket

BUCKET = "eventsite-static-test"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}

PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@dataclass(frozen=True)
class StaticBucket:
    client: object
    name: str
    cdn_url: str
    static: StaticSettings

    def keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}


def stage_config(moto_endpoint: str) -> dict:
    """A stage of ``zappa_settings.json`` with its static files on the emulator's bucket."""
    variables = {
        "STATIC_STORAGE": "s3",
        "STATIC_BUCKET": BUCKET,
        "STATIC_S3_ENDPOINT_URL": moto_endpoint,
        "STATIC_CDN_URL": f"{moto_endpoint}/{BUCKET}",
    }
    return {"aws_environment_variables": variables}


@pytest.fixture(scope="session")
def static_bucket(moto_endpoint, tmp_path_factory) -> StaticBucket:
    client = emulator_bucket(moto_endpoint, BUCKET)
    # Stands in for CloudFront reading the private bucket (origin access control): anyone may GET.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    static_root = tmp_path_factory.mktemp("static-root")
    upload(stage_config(moto_endpoint), **CREDENTIALS, DJANGO_STATIC_ROOT=str(static_root))
    static = StaticSettings(
        storage=S3,
        bucket=BUCKET,
        s3_endpoint_url=moto_endpoint,
        s3_region="us-east-1",
        cdn_url=f"{moto_endpoint}/{BUCKET}",
        manifest_path=str(static_root / "staticfiles.json"),
    )
    return StaticBucket(client, BUCKET, static.cdn_url, static)


@pytest.fixture
def static_on_s3(settings, static_bucket) -> StaticBucket:
    """This process's pages link the bucket's files, and the policy allows their origin."""
    from eventsite.conf import security

    backend = static_bucket.static.backend(debug=False)
    backend["OPTIONS"] |= {"access_key": "testing", "secret_key": "testing"}
    settings.STATIC_STORAGE = S3
    settings.STATIC_URL = static_bucket.static.url
    settings.STORAGES = {**settings.STORAGES, "staticfiles": backend}
    directives = security.csp_directives(image_origins=[], static_origins=static_bucket.static.origins)
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "DIRECTIVES": directives}
    return static_bucket
