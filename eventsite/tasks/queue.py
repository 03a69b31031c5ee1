"""Tasks, the registry that finds them by name, and ``enqueue``."""

from __future__ import annotations

import importlib.util
import json
import uuid
from collections.abc import Callable
from typing import NamedTuple

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from eventsite.runtime.transactions import after_commit, after_unit

# SQS delays a message by at most 15 minutes.
MAX_DELAY_SECONDS = 900

_registry: dict[str, Task] = {}


class UnknownTask(LookupError):
    """A message names no task of any app's ``tasks.py``."""


class Task(NamedTuple):
    name: str
    func: Callable[..., object]

    def __call__(self, **kwargs):
        return self.func(**kwargs)


def task(func: Callable[..., object]) -> Task:
    """Register ``func`` (a function of an app's ``tasks.py``, keyword arguments only) as a task."""
    found = Task(name=f"{func.__module__}.{func.__name__}", func=func)
    _registry[found.name] = found
    return found


def task_named(name: str) -> Task:
    """The task a message names. On the first miss the apps' ``tasks`` modules are imported, then
    the module the name is in, if that is a ``tasks`` module inside an app (``events.webhooks.tasks``)."""
    if name not in _registry:
        autodiscover_modules("tasks")
    if name not in _registry:
        _import_tasks_module_of_an_app(name.rpartition(".")[0])
    try:
        return _registry[name]
    except KeyError:
        raise UnknownTask(f"no task is named {name!r}") from None


def _import_tasks_module_of_an_app(module: str) -> None:
    """Import ``module`` if it is a ``tasks`` module in an installed app's package, never another."""
    inside_an_app = any(module.startswith(f"{config.name}.") for config in apps.get_app_configs())
    if not inside_an_app or module.rpartition(".")[2] != "tasks":
        return
    try:
        found = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        return
    if found is not None:
        importlib.import_module(module)


def message_for(found: Task, args: dict) -> dict:
    """The message for one run of ``found``: its arguments as the consumer will read them."""
    try:
        encoded = json.dumps(args, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{found.name}: task arguments must be JSON ({exc})") from None
    return {
        "id": str(uuid.uuid4()),
        "task": found.name,
        "args": json.loads(encoded),
        "enqueuedAt": timezone.now().isoformat(),
    }


def enqueue(found: Task, **json_args) -> str:
    """Run ``found(**json_args)`` in the background once the current transaction commits; the message id."""
    return enqueue_in(0, found, **json_args)


def enqueue_in(delay_seconds: int, found: Task, **json_args) -> str:
    """``enqueue``, started no sooner than ``delay_seconds`` (at most 15 minutes) after the commit."""
    from eventsite.tasks import backends

    if not 0 <= delay_seconds <= MAX_DELAY_SECONDS:
        raise ValueError(f"a task can be delayed by 0 to {MAX_DELAY_SECONDS} seconds, not {delay_seconds}")
    message = message_for(found, json_args)
    backend = backends.current()
    schedule = after_unit if backend.ignores_outer_transactions else after_commit
    schedule(lambda: backend.send(message, delay_seconds=delay_seconds))
    return message["id"]
