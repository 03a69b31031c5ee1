"""Zappa ``command`` targets the SnapStart test invokes through the handler (tests only).

They play the runtime's part - call the registered hooks as a snapshot and a restore would -
and report, as JSON, what the test asserts on.
"""

import random
import sys

import snapshot_restore_py
from bson import ObjectId
from django.core.cache import caches
from django.db import connection

# Imported by warming the request path, and (the docs views' dependency) not.
WATCHED_MODULES = ("eventsite.urls", "rest_framework.renderers", "drf_spectacular.views")
# What the "snapshot" held, kept alive so that a new connection cannot reuse the old one's id().
snapshot = {}


def hook_names(hooks) -> list[str]:
    return [f"{func.__module__}.{func.__qualname__}" for func, _, _ in hooks]


def run(hooks) -> None:
    for func, args, kwargs in hooks:
        func(*args, **kwargs)


def object_id_random_field() -> str:
    return ObjectId().binary[4:9].hex()


def state() -> dict:
    return {
        "handlerLoadedOnImport": sys.modules["handler"].global_handler is not None,
        "beforeSnapshot": hook_names(snapshot_restore_py.get_before_snapshot()),
        "afterRestore": hook_names(snapshot_restore_py.get_after_restore()),
        "databaseConnectionId": id(connection.connection) if connection.connection is not None else None,
        "modules": [name for name in WATCHED_MODULES if name in sys.modules],
    }


def take_snapshot(event, context):
    """Run the before-snapshot hooks; note which caches they closed and the state they left."""
    closed = []
    for cache in caches.all(initialized_only=True):
        cache.close = lambda cache=cache: closed.append(type(cache).__name__)
    snapshot["connection"] = connection.connection
    run(snapshot_restore_py.get_before_snapshot())
    snapshot["random"] = random.getstate()
    snapshot["objectIdRandomField"] = object_id_random_field()
    return {**state(), "cachesClosed": closed}


def restore(event, context):
    """Run the after-restore hooks; say whether the random generators still follow the snapshot."""
    run(snapshot_restore_py.get_after_restore())
    replay = random.Random()
    replay.setstate(snapshot["random"])
    return {
        **state(),
        "randomFollowsSnapshot": random.random() == replay.random(),
        "objectIdRandomFieldFollowsSnapshot": object_id_random_field() == snapshot["objectIdRandomField"],
    }


def current_state(event, context):
    return state()
