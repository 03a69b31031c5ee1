"""``lazy_include``: the same routes as ``include``, the module imported on first use."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import resolve, reverse

from eventsite.runtime.lazy_urls import lazy_include

PROJECT_DIR = Path(__file__).resolve().parents[3]

FIRST_REQUEST = """
import sys
import django
django.setup()
from django.urls import resolve
print(resolve("/users/me").view_name)
print("events.views" in sys.modules, "accounts.browsable_api_urls" in sys.modules)
print(resolve("/events/all").view_name, resolve("/api-auth/login/").view_name)
print("events.views" in sys.modules)
"""


def test_a_request_under_another_prefix_does_not_import_the_lazy_url_confs():
    env = {"DJANGO_SETTINGS_MODULE": "eventsite.settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.check_output([sys.executable, "-c", FIRST_REQUEST], cwd=PROJECT_DIR, env=env, text=True)
    out = out.split("\n")
    assert out[:4] == ["users-me", "False False", "events-all rest_framework:login", "True"]


def test_the_lazy_routes_resolve_and_reverse_as_included():
    assert resolve("/events/all").view_name == "events-all"
    assert reverse("events-detail", kwargs={"event_id": "00000000-0000-0000-0000-000000000000"}).startswith(
        "/events/"
    )
    assert reverse("rest_framework:login") == "/api-auth/login/"


def test_an_app_name_that_is_not_the_modules_fails_when_it_loads():
    conf, app_name, _ = lazy_include("accounts.browsable_api_urls", app_name="other")
    assert app_name == "other"
    with pytest.raises(ValueError, match="app_name 'other'"):
        list(conf.urlpatterns)
