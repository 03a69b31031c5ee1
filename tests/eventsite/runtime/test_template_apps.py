"""django-filter, installed for its templates and translations without being imported at start-up."""

from pathlib import Path

import django_filters
from django.apps import apps
from django.template.loader import get_template

DJANGO_FILTER_FOLDER = Path(django_filters.__file__).parent


def test_django_filter_keeps_its_app_label_and_folder():
    config = apps.get_app_config("django_filters")
    assert Path(config.path) == DJANGO_FILTER_FOLDER


def test_django_filter_templates_are_found_in_its_folder():
    template = get_template("django_filters/rest_framework/form.html")
    assert Path(template.origin.name).is_relative_to(DJANGO_FILTER_FOLDER)
