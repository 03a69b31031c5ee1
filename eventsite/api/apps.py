from django.apps import AppConfig


class ApiConfig(AppConfig):
    """API plumbing shared by the domain apps; an app because it owns a model (idempotency keys)."""

    name = "eventsite.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Zappa builds the WSGI app with Django's get_wsgi_application(), not eventsite/wsgi.py,
        # so app loading is the first project code every Lambda Init runs, before the snapshot.
        from eventsite.runtime import snapstart

        snapstart.register()
