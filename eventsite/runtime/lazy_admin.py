"""The admin, with every app's ``admin`` module imported on the first admin request, not at start-up.

Django's ``AdminConfig`` imports each installed app's ``admin`` module in ``ready()``, and those
import the apps' services and everything behind them, so every Lambda cold start paid for the
admin whatever it was asked. ``LazyAdminConfig`` leaves the registration to the admin's URL
conf (``lazy_admin_urls``), which Django reads on the first request under its prefix, on any
``reverse()`` and in the system checks; the checks of the registered model admins run after the
same discovery, so ``manage.py check`` sees every model admin as before.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.contrib.admin.sites import AdminSite
from django.core import checks
from django.utils.module_loading import import_string

from eventsite.runtime.lazy_urls import LazyURLPatterns


class LazyAdminConfig(SimpleAdminConfig):
    """``django.contrib.admin``, registering the model admins when they are first needed."""

    def ready(self):
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_discovered_admin_app, checks.Tags.admin)


def check_discovered_admin_app(app_configs, **kwargs):
    """Django's checks of every registered model admin, once each app's ``admin`` module is in."""
    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)


def lazy_admin_urls(
    site: AdminSite = admin.site, *, login_form: str | None = None
) -> tuple[LazyURLPatterns, str, str]:
    """``site.urls``, discovering the apps' model admins when the resolver first looks into them.

    ``login_form``, a dotted path, becomes the site's login form then too: a form module imports
    ``django.contrib.auth.forms``, which no API request needs.
    """

    def load() -> list:
        if login_form is not None:
            site.login_form = import_string(login_form)
        admin.autodiscover()
        return site.get_urls()

    return LazyURLPatterns(load, "admin"), "admin", site.name
