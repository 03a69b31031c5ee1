"""What a cold Lambda container imports to answer its first API requests."""

from __future__ import annotations

import base64

import pytest

from .lambda_runtime import LambdaProcess, api_event, lambda_environment, migrate, register

pytestmark = pytest.mark.slow

# What only generating the schema needs: drf-spectacular's generator and plumbing, and the test
# tooling its mock requests use (django.test brings unittest, xml.dom and wsgiref; bench/README.md).
SCHEMA_ONLY = (
    "drf_spectacular.openapi",
    "drf_spectacular.plumbing",
    "django.test",
    "rest_framework.test",
    "unittest",
)

# What a profile request does not need: the other parts of the API, the account data export, email
# flows and API keys, django-filter, Django's login views and forms, media serving
# (eventsite/urls.py), WhiteNoise.
NOT_FOR_THE_PROFILE = (
    "events.views",
    "accounts.export_serializers",
    "accounts.email_views",
    "accounts.api_keys.views",
    "django_filters",
    "django.contrib.auth.views",
    "django.contrib.auth.forms",
    "django.conf.urls.static",
    "whitenoise.middleware",
)


@pytest.fixture
def cold_process(package_dir, runtime_dir, tmp_path):
    env = lambda_environment(tmp_path)
    migrate(package_dir, runtime_dir, env, tmp_path / "migrate.log")
    process = LambdaProcess(package_dir, runtime_dir, env, tmp_path / "handler.log")
    yield process
    process.close()


def test_a_profile_request_on_a_cold_container_loads_no_other_part_of_the_api(cold_process, tmp_path):
    token = register(cold_process, "cold@example.com")["token"]
    assert cold_process.invoke(api_event("GET", "/users/me", token=token))["statusCode"] == 200

    assert cold_process.loaded_modules(tmp_path / "me.json") & set(NOT_FOR_THE_PROFILE) == set()


def test_a_cold_container_collects_garbage_again_once_started_with_the_start_up_frozen(
    cold_process, tmp_path
):
    assert cold_process.invoke(api_event("GET", "/health"))["statusCode"] == 200

    enabled, frozen = cold_process.evaluate(
        "gc", "[gc.isenabled(), gc.get_freeze_count()]", tmp_path / "gc.json"
    )
    # Frozen: what the interpreter, the handler, Django and the project made while starting (~90,000).
    assert enabled
    assert frozen > 50_000


def test_api_requests_on_a_cold_container_load_nothing_only_the_schema_needs_until_it_is_asked_for(
    cold_process, tmp_path
):
    token = register(cold_process, "cold@example.com")["token"]
    for path in ("/users/me", "/events/all"):
        assert cold_process.invoke(api_event("GET", path, token=token))["statusCode"] == 200

    assert cold_process.loaded_modules(tmp_path / "api.json") & set(SCHEMA_ONLY) == set()

    schema = cold_process.invoke(
        api_event("GET", "/schema", headers={"Accept": "application/vnd.oai.openapi"})
    )
    assert schema["statusCode"] == 200, schema
    assert "\n  /users/me:\n" in base64.b64decode(schema["body"]).decode()
    assert set(SCHEMA_ONLY) <= cold_process.loaded_modules(tmp_path / "schema.json")
