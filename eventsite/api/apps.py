from django.apps import AppConfig


class ApiConfig(AppConfig):
    """API plumbing shared by the domain apps; an app because it owns a model (idempotency keys)."""

    name = "eventsite.api"
    label = "api"
    verbose_name = "API"
