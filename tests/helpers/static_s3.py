"""Static files on S3 (``STATIC_STORAGE=s3``) against the AWS emulator: one bucket per session,
filled by ``manage.py collectstatic`` with the settings a stage would have, and the settings
that make this process's pages link it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from eventsite.conf.static import S3, StaticSettings

PROJECT_DIR = Path(__file__).resolve().parents[2]
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
    collected: subprocess.CompletedProcess

    def keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}


def collectstatic_env(moto_endpoint: str, static_root: Path) -> dict[str, str]:
    """A stage's environment in production mode, with its static files on the emulator's bucket."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("STATIC_", "DJANGO_"))}
    return {
        **env,
        **CREDENTIALS,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "collectstatic-test-secret-key",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_STATIC_ROOT": str(static_root),
        "STATIC_STORAGE": "s3",
        "STATIC_BUCKET": BUCKET,
        "STATIC_S3_ENDPOINT_URL": moto_endpoint,
        "STATIC_CDN_URL": f"{moto_endpoint}/{BUCKET}",
    }


@pytest.fixture(scope="session")
def static_bucket(moto_endpoint, tmp_path_factory) -> StaticBucket:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    # Stands in for CloudFront reading the private bucket (origin access control): anyone may GET.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    static_root = tmp_path_factory.mktemp("static-root")
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "1"],
        cwd=PROJECT_DIR,
        env=collectstatic_env(moto_endpoint, static_root),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert collected.returncode == 0, collected.stderr[-4000:]
    static = StaticSettings(
        storage=S3,
        bucket=BUCKET,
        s3_endpoint_url=moto_endpoint,
        s3_region="us-east-1",
        cdn_url=f"{moto_endpoint}/{BUCKET}",
        manifest_path=str(static_root / "staticfiles.json"),
    )
    return StaticBucket(client, BUCKET, static.cdn_url, static, collected)


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
