from django.apps import AppConfig


class LegacyConfig(AppConfig):
    """The import of the legacy system: above ``accounts`` and ``events``, since it writes both."""

    name = "legacy"
