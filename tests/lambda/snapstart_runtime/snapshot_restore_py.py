"""Stand-in for the Lambda Python runtime's ``snapshot_restore_py`` (tests only).

The same registry as the runtime's module (also on PyPI as ``snapshot-restore-py``):
the app registers hooks, the runtime reads them back with the two getters and calls each
``func(*args, **kwargs)``, before the snapshot and after a restore.
"""

_before_snapshot_registry = []
_after_restore_registry = []


def register_before_snapshot(func, *args, **kwargs):
    _before_snapshot_registry.append((func, args, kwargs))
    return func


def register_after_restore(func, *args, **kwargs):
    _after_restore_registry.append((func, args, kwargs))
    return func


def get_before_snapshot():
    return _before_snapshot_registry


def get_after_restore():
    return _after_restore_registry
