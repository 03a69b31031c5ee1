"""Turn ``CACHE_URL`` into Django's ``CACHES["default"]`` (the store of the DRF throttles).

``locmem://`` (the default) keeps counts per process, so on Lambda per warm container;
``redis://`` or ``rediss://`` (TLS, e.g. ElastiCache with in-transit encryption) shares them
through django-redis. The settings only name the backend: Django imports it on the first cache
access, so ``redis`` is never imported unless ``CACHE_URL`` points at Redis.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from eventsite.conf import environ

REDIS_SCHEMES = ("redis", "rediss")
LOCAL_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}
# A slow or dead Redis must not hold a request for long, nor turn it into a 500: throttling
# then lets requests through (django-redis swallows the connection error) until Redis is back.
REDIS_OPTIONS = {
    "SOCKET_CONNECT_TIMEOUT": 1,
    "SOCKET_TIMEOUT": 1,
    "IGNORE_EXCEPTIONS": True,
}


def cache_settings(url: str) -> dict:
    """``locmem://[name]``, ``dummy://`` or ``redis[s]://[:password@]host[:port][/db]``."""
    parts = urlsplit(url.strip())
    if parts.scheme in LOCAL_BACKENDS:
        return {"BACKEND": LOCAL_BACKENDS[parts.scheme], "LOCATION": parts.netloc or "eventsite"}
    if parts.scheme in REDIS_SCHEMES and parts.hostname:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url.strip(),
            "KEY_PREFIX": "eventsite",
            "OPTIONS": dict(REDIS_OPTIONS),
        }
    raise ValueError(
        f"CACHE_URL must be locmem://, dummy://, redis://host or rediss://host, got {parts.scheme!r}"
    )


def cache_from_environ() -> dict:
    """``CACHE_URL``'s cache, ``locmem://`` when unset or empty."""
    try:
        return cache_settings(environ.text("CACHE_URL") or "locmem://")
    except ValueError as exc:
        environ.fail(str(exc))
