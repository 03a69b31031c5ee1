from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """An app for its management commands and its task; it owns no model."""

    name = "eventsite.backups"
    label = "backups"
    verbose_name = "Backups"
