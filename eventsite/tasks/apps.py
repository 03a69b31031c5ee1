from django.apps import AppConfig


class TasksConfig(AppConfig):
    """The task queue; an app because it owns a model (the runs that make redelivery harmless)."""

    name = "eventsite.tasks"
    label = "tasks"
    verbose_name = "Background tasks"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from eventsite.tasks import backends

        request_started.connect(backends.request_started, dispatch_uid="eventsite.tasks.request_started")
        request_finished.connect(backends.request_finished, dispatch_uid="eventsite.tasks.request_finished")
