"""Which models a backup holds, and the order a restore writes them in."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

# Models of the project's apps left out of an export, and why (README "Backups and restore").
LEFT_OUT = {
    # Short-lived records that a restored site rebuilds by itself.
    "api.IdempotencyKey": "stored answers to retried requests, kept 24 hours",
    "tasks.TaskRun": "records of background runs, there to make a redelivered message harmless",
    "accounts.AuthFailureCounter": "login and registration attempt counters, minutes long",
    "events.EventsVersion": "cache tokens of the list pages; migrate makes new ones",
    # Django's group and permission tables are not exported, so neither are links to them.
    "accounts.User_groups": "links to groups, which the project does not use",
    "accounts.User_user_permissions": "links to per-user permissions, which the project does not use",
}


class UnknownDependency(Exception):
    """An exported model points at a model the export leaves out."""


def project_models() -> list[type[models.Model]]:
    """Every model (many-to-many tables too) of the apps that live in this project."""
    found = []
    for config in apps.get_app_configs():
        if _in_project(Path(config.path)):
            found += config.get_models(include_auto_created=True)
    return found


def _in_project(path: Path) -> bool:
    """Inside the project folder and not in a virtualenv (which may be in it, as ``.venv``)."""
    base = Path(settings.BASE_DIR).resolve()
    path = path.resolve()
    if not path.is_relative_to(base) or "site-packages" in path.parts:
        return False
    return not path.relative_to(base).parts[0].startswith(".")


def exported_models() -> list[type[models.Model]]:
    """The models an export holds, each after every model it points at."""
    chosen = [model for model in project_models() if model._meta.label not in LEFT_OUT]
    labels = {model._meta.label for model in chosen}
    ordered: list[type[models.Model]] = []
    placed: set[str] = set()

    def place(model: type[models.Model], path: tuple[str, ...]) -> None:
        label = model._meta.label
        if label in placed:
            return
        if label in path:
            raise UnknownDependency(f"models point at each other in a cycle: {' -> '.join(path)}")
        for target in _targets(model):
            if target._meta.label not in labels:
                raise UnknownDependency(
                    f"{label} points at {target._meta.label}, which the export leaves out"
                )
            if target is not model:
                place(target, (*path, label))
        placed.add(label)
        ordered.append(model)

    for model in sorted(chosen, key=lambda m: m._meta.label):
        place(model, ())
    return ordered


def _targets(model: type[models.Model]) -> list[type[models.Model]]:
    return [field.related_model for field in model._meta.concrete_fields if field.is_relation]
