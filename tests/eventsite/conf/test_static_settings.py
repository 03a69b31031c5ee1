"""Static files settings: the package (WhiteNoise) by default, S3 behind a CDN with STATIC_STORAGE=s3."""

import json

from tests.eventsite.conf.settings_process import PRODUCTION, check, run

PROBE = """
import json
from django.conf import settings as s
d = s.CONTENT_SECURITY_POLICY["DIRECTIVES"]
print(json.dumps({"storage": s.STATIC_STORAGE, "url": s.STATIC_URL, "backend": s.STORAGES["staticfiles"],
                  "csp": {name: d[name] for name in ("script-src", "style-src", "img-src", "font-src",
                                                     "connect-src")}}, default=str))
"""
HOSTS = {"DJANGO_ALLOWED_HOSTS": "api.example.com"}
CDN = "https://d111111abcdef8.cloudfront.net"


def probe(tmp_path, **env) -> dict:
    result = run(["-c", PROBE], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_package_with_whitenoise_is_the_default_in_production(tmp_path):
    found = probe(tmp_path, **PRODUCTION, **HOSTS)

    assert (found["storage"], found["url"]) == ("package", "/static/")
    assert found["backend"] == {
        "BACKEND": "eventsite.runtime.static_storage.ScriptPrefixedStaticFilesStorage"
    }
    assert found["csp"]["style-src"] == ["'self'", "'unsafe-inline'"]
    assert found["csp"]["font-src"] == ["'self'", "data:"]


def test_s3_links_the_cdn_and_the_policy_allows_it_for_scripts_styles_images_and_fonts(tmp_path):
    env = {"STATIC_STORAGE": "S3", "STATIC_BUCKET": "static-bucket", "STATIC_CDN_URL": f"{CDN}/"}

    found = probe(tmp_path, **PRODUCTION, **HOSTS, **env)

    assert (found["storage"], found["url"]) == ("s3", f"{CDN}/")
    options = found["backend"]["OPTIONS"]
    assert found["backend"]["BACKEND"] == "eventsite.runtime.static_storage.S3ManifestStaticStorage"
    assert (options["bucket_name"], options["custom_domain"], options["url_protocol"]) == (
        "static-bucket",
        "d111111abcdef8.cloudfront.net",
        "https:",
    )
    assert options["querystring_auth"] is False
    assert options["local_manifest"].endswith("/staticfiles/staticfiles.json")
    for name in ("script-src", "style-src", "img-src", "font-src"):
        assert CDN in found["csp"][name], name
    assert CDN not in found["csp"]["connect-src"]


def test_a_cdn_url_with_a_path_keeps_it_in_the_links(tmp_path):
    env = {"STATIC_STORAGE": "s3", "STATIC_CDN_URL": "http://127.0.0.1:5000/static-bucket"}

    found = probe(tmp_path, **env)

    assert found["backend"]["OPTIONS"]["custom_domain"] == "127.0.0.1:5000/static-bucket"
    assert found["backend"]["OPTIONS"]["url_protocol"] == "http:"
    assert "http://127.0.0.1:5000" in found["csp"]["script-src"]


def test_production_refuses_s3_without_a_bucket_or_a_cdn_url(tmp_path):
    for missing in ("STATIC_BUCKET", "STATIC_CDN_URL"):
        env = {"STATIC_STORAGE": "s3", "STATIC_BUCKET": "static-bucket", "STATIC_CDN_URL": CDN}
        del env[missing]

        result = check(tmp_path, **PRODUCTION, **HOSTS, **env)

        assert result.returncode != 0
        assert "STATIC_BUCKET and STATIC_CDN_URL must be set" in result.stderr


def test_a_cdn_url_that_is_not_http_is_refused(tmp_path):
    result = check(tmp_path, STATIC_STORAGE="s3", STATIC_BUCKET="b", STATIC_CDN_URL="d111.cloudfront.net")

    assert result.returncode != 0
    assert "STATIC_CDN_URL must be an http(s) URL" in result.stderr


def test_an_unknown_static_storage_is_refused(tmp_path):
    result = check(tmp_path, STATIC_STORAGE="cdn")

    assert result.returncode != 0
    assert "STATIC_STORAGE must be" in result.stderr
