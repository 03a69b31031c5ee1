"""``lazy_include``: the same routes as ``include``, the module imported on first use."""

import pytest
from django.urls import resolve, reverse

from eventsite.runtime.lazy_urls import lazy_include
from tests.helpers.fresh_process import run_in_fresh_process

# What a profile request does not need: the other parts of the API, the account data export, email
# flows and API keys, django-filter and the admin's login form (django.contrib.auth.forms).
NOT_FOR_THE_PROFILE = (
    "events.views",
    "accounts.browsable_api_urls",
    "accounts.export_serializers",
    "accounts.email_views",
    "accounts.api_keys.views",
    "django_filters",
    "django.contrib.auth.forms",
)

FIRST_REQUEST = f"""
import sys
import django
django.setup()
from django.urls import resolve
print(resolve("/users/me").view_name)
print(sorted(set({NOT_FOR_THE_PROFILE!r}) & set(sys.modules)))
print(resolve("/events/all").view_name, resolve("/api-auth/login/").view_name)
LATER = ("/users/me/export", "/users/me/api-keys", "/users/email/verify", "/admin/login/")
print(*(resolve(path).view_name for path in LATER))
print(sorted(set({NOT_FOR_THE_PROFILE!r}) - set(sys.modules)))
"""


def test_a_request_under_another_prefix_does_not_import_the_lazy_url_confs():
    out = run_in_fresh_process(FIRST_REQUEST)
    assert out[:3] == ["users-me", "[]", "events-all rest_framework:login"]
    assert out[3] == "users-export api-keys-list users-email-verify admin:login"
    # The rest load with the first request that needs them.
    assert out[4] == "[]"


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


ADMIN_ON_DEMAND = """
import sys
import django
django.setup()
from django.contrib import admin
from django.urls import resolve
from events.models import Event
resolve("/users/me")
print("events.admin" in sys.modules, "events.services" in sys.modules, admin.site.is_registered(Event))
print(resolve("/admin/events/event/").url_name, admin.site.is_registered(Event))
"""

ADMIN_CHECKS = """
import django
django.setup()
from django.contrib import admin
from django.core.checks import run_checks
from events.models import Event
run_checks(tags=["admin"])
print(admin.site.is_registered(Event))
"""


def test_starting_django_leaves_the_model_admins_and_the_services_for_the_first_admin_request():
    assert run_in_fresh_process(ADMIN_ON_DEMAND)[:2] == ["False False False", "events_event_changelist True"]


def test_the_admin_checks_run_on_every_model_admin():
    assert run_in_fresh_process(ADMIN_CHECKS)[:1] == ["True"]
