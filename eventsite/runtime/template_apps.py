"""django-filter installed for its templates and translations, without importing it at start-up.

Django imports each installed app's package to build its ``AppConfig``, and django-filter's
imports its filter sets, filters, fields and widgets (16 modules). What the app registry needs of
it is the folder its templates and ``locale`` live in; the views that filter import the library
when their URL conf loads (``lazy_include``), so a request elsewhere never does.
"""

from __future__ import annotations

from importlib.util import find_spec

from django.apps import AppConfig


def package_folder(name: str) -> str:
    """Where an installed package's files are, found without running its ``__init__``."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{name} is not an installed package")
    return spec.submodule_search_locations[0]


class DjangoFilterConfig(AppConfig):
    name = __name__
    label = "django_filters"
    verbose_name = "django-filter"
    path = package_folder("django_filters")
