"""Lambda SnapStart hooks: what to do before the snapshot is taken and after it is restored.

With SnapStart the Lambda runtime runs the Init phase once per published version, snapshots
the process's memory and starts every later instance from a copy. So Init should leave the
expensive imports done and no sockets open (a restored copy cannot use its parent's
connections), and each copy must reseed whatever holds pseudo-random state, or all copies
produce the same "random" numbers.

``snapshot_restore_py`` is provided by the Lambda Python runtime (3.12 and later), not by the
package; elsewhere (tests, ``runserver``, ``manage.py``) it is absent and ``register`` does
nothing. On Lambda without SnapStart the hooks are registered but never called.
"""

from __future__ import annotations

import random
import tempfile

from django.core.cache import caches
from django.db import connections
from django.urls import get_resolver

# DRF settings whose classes every API request imports. The schema class is left out: it
# pulls in drf-spectacular, which only the docs views need (and they import it on demand).
REQUEST_PATH_API_SETTINGS = (
    "DEFAULT_RENDERER_CLASSES",
    "DEFAULT_PARSER_CLASSES",
    "DEFAULT_AUTHENTICATION_CLASSES",
    "DEFAULT_PERMISSION_CLASSES",
    "DEFAULT_THROTTLE_CLASSES",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS",
    "DEFAULT_PAGINATION_CLASS",
    "DEFAULT_FILTER_BACKENDS",
    "EXCEPTION_HANDLER",
)


def register() -> bool:
    """Hand the hooks to the runtime; False where there is no SnapStart runtime to hand them to."""
    try:
        import snapshot_restore_py
    except ImportError:
        return False
    snapshot_restore_py.register_before_snapshot(before_snapshot)
    snapshot_restore_py.register_after_restore(after_restore)
    return True


def before_snapshot() -> None:
    """Do the first request's imports now, then drop every connection the snapshot would freeze."""
    warm_request_path()
    close_connections()


def after_restore() -> None:
    """Give this copy its own random state; the connections closed before the snapshot reopen on first use."""
    reseed_random_state()


def warm_request_path() -> None:
    """Import the URLconf and every URLconf it includes lazily (hence every view and serializer), and
    the DRF classes a request uses."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import get_hashers
    from rest_framework.settings import api_settings

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - the property imports the URLconf
    resolver.reverse_dict  # noqa: B018 - this walks every pattern: the lazy includes load too
    for name in REQUEST_PATH_API_SETTINGS:
        getattr(api_settings, name)
    get_user_model()
    get_hashers()


def close_connections() -> None:
    """Close the database and cache connections; Django opens new ones when next needed.

    A MongoDB connection's ``close()`` keeps its client (a pool with monitor threads) by
    design, so the pool itself is closed.
    """
    for connection in connections.all(initialized_only=True):
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            close_pool()
        else:
            connection.close()
    caches.close_all()


def reseed_random_state() -> None:
    """Reseed every generator seeded once per process.

    ``random`` (also behind ``uuid.uuid1``'s clock sequence) and ``tempfile``'s name generator
    are reseeded; BSON ObjectIds get a new per-process random field and counter, or two
    restored copies could mint the same id. ``secrets``, ``uuid.uuid4``, bcrypt salts and
    Django's ``get_random_string`` read ``os.urandom`` on every call, which Lambda keeps unique
    per restored copy, so they need nothing.
    """
    random.seed()
    tempfile._name_sequence = None
    try:
        from bson.objectid import _MAX_COUNTER_VALUE, ObjectId
    except ImportError:
        return
    with ObjectId._inc_lock:
        ObjectId._pid = -1
        ObjectId._inc = random.SystemRandom().randint(0, _MAX_COUNTER_VALUE)
