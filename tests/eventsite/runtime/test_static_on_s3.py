"""Static files on S3 behind a CDN (``STATIC_STORAGE=s3``), against the AWS emulator: what
``collectstatic`` uploads, where the pages link, and the Content-Security-Policy."""

import json
import re

import pytest
import requests
from django.test import Client

from eventsite.lambda_build.package import MANIFEST_NAME, collect_static

pytestmark = [pytest.mark.slow]

ASSET = re.compile(r'(?:href|src)="([^"]+\.(?:css|js))"')


def assets(html: str) -> list[str]:
    return ASSET.findall(html)


def bucket_manifest(bucket) -> bytes:
    return bucket.client.get_object(Bucket=bucket.name, Key=MANIFEST_NAME)["Body"].read()


def test_collectstatic_uploads_hashed_names_and_the_manifest_with_long_caching_for_hashed_names(
    static_bucket,
):
    keys = static_bucket.keys()
    manifest = json.loads(bucket_manifest(static_bucket))
    hashed = manifest["paths"]["admin/css/base.css"]

    assert hashed != "admin/css/base.css"
    assert {
        MANIFEST_NAME,
        hashed,
        manifest["paths"]["drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"],
    } <= keys
    head = static_bucket.client.head_object(Bucket=static_bucket.name, Key=hashed)
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    assert head["ContentType"] == "text/css"
    unhashed = static_bucket.client.head_object(Bucket=static_bucket.name, Key=MANIFEST_NAME)
    assert unhashed["CacheControl"] == "public, max-age=300"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/docs"])
def test_pages_link_their_css_and_js_at_the_cdn_which_serves_them(static_on_s3, path):
    response = Client().get(path)

    assert response.status_code == 200
    linked = assets(response.content.decode())
    assert linked, "the page links no CSS or JS"
    assert all(url.startswith(f"{static_on_s3.cdn_url}/") for url in linked), linked
    for url in linked:
        served = requests.get(url, timeout=30)
        assert served.status_code == 200, url
        assert served.content


@pytest.mark.django_db
def test_the_content_security_policy_allows_the_cdn_for_scripts_styles_images_and_fonts(static_on_s3):
    policy = Client().get("/docs")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    origin = static_on_s3.static.origins[0]
    for name in ("script-src", "style-src", "img-src", "font-src"):
        assert origin in directives[name].split(), name
    assert origin not in directives["connect-src"].split()


@pytest.mark.django_db
def test_the_manifest_shipped_in_the_package_is_read_instead_of_the_buckets(static_on_s3, settings, tmp_path):
    manifest = json.loads(bucket_manifest(static_on_s3))
    manifest["paths"]["admin/css/base.css"] = "admin/css/base.shipped.css"
    shipped = tmp_path / MANIFEST_NAME
    shipped.write_text(json.dumps(manifest))
    backend = settings.STORAGES["staticfiles"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {**backend, "OPTIONS": {**backend["OPTIONS"], "local_manifest": str(shipped)}},
    }

    html = Client().get("/admin/login/").content.decode()

    assert f"{static_on_s3.cdn_url}/admin/css/base.shipped.css" in assets(html)


def test_the_manifest_the_package_ships_names_the_hashed_files_in_the_bucket(static_bucket, tmp_path):
    packaged = collect_static(tmp_path / "staticfiles")

    shipped = json.loads((packaged / MANIFEST_NAME).read_bytes())["paths"]

    assert shipped == json.loads(bucket_manifest(static_bucket))["paths"]
