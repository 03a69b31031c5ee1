"""Media storage settings: the local folder by default, S3 with a bucket, and the image limits."""

import json

import pytest

from tests.eventsite.conf.settings_process import PRODUCTION, check, run

PROBE = """
import json
from django.conf import settings as s
print(json.dumps({"storage": s.MEDIA_STORAGE, "bucket": s.MEDIA_BUCKET, "url": s.MEDIA_URL,
                  "root": str(s.MEDIA_ROOT), "backend": s.STORAGES["default"],
                  "limits": [s.EVENT_IMAGE_MAX_BYTES, s.EVENT_IMAGE_MAX_PIXELS,
                             s.EVENT_IMAGE_THUMBNAIL_PIXELS, s.EVENT_IMAGE_UPLOAD_SECONDS],
                  "img_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]}))
"""
HOSTS = {"DJANGO_ALLOWED_HOSTS": "api.example.com"}


def probe(tmp_path, **env) -> dict:
    result = run(["-c", PROBE], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_storage_is_the_default_with_a_media_folder_in_the_project(tmp_path):
    found = probe(tmp_path)

    assert (found["storage"], found["url"]) == ("local", "/media/")
    assert found["root"].endswith("/media")
    assert found["backend"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["limits"] == [5 * 2**20, 40_000_000, 400, 300]
    assert found["img_src"] == ["'self'", "data:"]


def test_s3_storage_uses_the_bucket_and_the_emulator_endpoint(tmp_path):
    env = {
        "MEDIA_STORAGE": "S3",
        "MEDIA_BUCKET": "media-bucket",
        "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:5000",
    }

    found = probe(tmp_path, **PRODUCTION, **HOSTS, **env)

    assert (found["storage"], found["bucket"]) == ("s3", "media-bucket")
    options = found["backend"]["OPTIONS"]
    assert found["backend"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["querystring_auth"]) == (
        "media-bucket",
        "http://127.0.0.1:5000",
        True,
    )
    assert found["img_src"] == ["'self'", "data:", "http://127.0.0.1:5000"]


def test_images_on_aws_s3_are_allowed_from_the_buckets_origin(tmp_path):
    found = probe(tmp_path, MEDIA_STORAGE="s3", MEDIA_BUCKET="media-bucket", AWS_REGION="eu-west-1")

    assert "https://media-bucket.s3.eu-west-1.amazonaws.com" in found["img_src"]


def test_a_public_domain_serves_unsigned_urls_and_is_the_allowed_origin(tmp_path):
    env = {"MEDIA_STORAGE": "s3", "MEDIA_BUCKET": "b", "MEDIA_S3_CUSTOM_DOMAIN": "media.example.com"}

    found = probe(tmp_path, **env)

    assert found["backend"]["OPTIONS"]["querystring_auth"] is False
    assert found["img_src"] == ["'self'", "data:", "https://media.example.com"]


def test_each_image_limit_is_read_from_the_environment(tmp_path):
    env = {
        "EVENT_IMAGE_MAX_BYTES": "2048",
        "EVENT_IMAGE_MAX_PIXELS": "1000",
        "EVENT_IMAGE_THUMBNAIL_PIXELS": "64",
        "EVENT_IMAGE_UPLOAD_SECONDS": "60",
    }

    assert probe(tmp_path, **env)["limits"] == [2048, 1000, 64, 60]


def test_production_with_s3_refuses_to_start_without_a_bucket(tmp_path):
    result = check(tmp_path, **PRODUCTION, **HOSTS, MEDIA_STORAGE="s3")

    assert result.returncode != 0
    assert "MEDIA_BUCKET must name the S3 bucket" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("MEDIA_STORAGE", "ftp", "MEDIA_STORAGE must be one of local, s3"),
        ("MEDIA_S3_ENDPOINT_URL", "localhost:5000", "MEDIA_S3_ENDPOINT_URL must be an http(s) URL"),
        ("EVENT_IMAGE_MAX_BYTES", "10", "EVENT_IMAGE_MAX_BYTES must be a whole number of bytes from 1024"),
        ("EVENT_IMAGE_MAX_PIXELS", "0", "EVENT_IMAGE_MAX_PIXELS must be a whole number of pixels from 1"),
    ],
)
def test_a_bad_media_setting_refuses_to_start_naming_the_variable(tmp_path, variable, value, expected):
    result = check(tmp_path, **PRODUCTION, **HOSTS, **{variable: value})

    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


HEADER_PROBE = """
import django
django.setup()
from django.test import Client
print(Client().get("/docs")["Content-Security-Policy"])
"""


def test_the_pages_content_security_policy_allows_images_from_the_media_origin(tmp_path):
    env = {"MEDIA_STORAGE": "s3", "MEDIA_BUCKET": "b", "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:5000"}

    result = run(["-c", HEADER_PROBE], tmp_path, **env)

    assert result.returncode == 0, result.stderr
    header = result.stdout.strip().splitlines()[-1]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert directives["img-src"] == "'self' data: http://127.0.0.1:5000"
