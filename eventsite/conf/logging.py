"""``LOGGING``: JSON lines on stdout (CloudWatch on Lambda); see eventsite/runtime/logging.py."""

from eventsite.conf import environ

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def logging_from_environ() -> dict:
    """The root logger at ``LOG_LEVEL`` (``INFO`` by default)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "eventsite.runtime.logging.JsonFormatter"},
            "emf": {"()": "eventsite.runtime.metrics.EmfFormatter"},
        },
        "filters": {"client_error": {"()": "eventsite.runtime.logging.ClientErrorFilter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
            "metrics": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "emf"},
            "discard": {"class": "logging.NullHandler"},
        },
        "root": {"handlers": ["console"], "level": environ.choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
        "loggers": {
            # Client errors are answered in JSON; do not log each one as a warning.
            "django.request": {"level": "ERROR"},
            "django.security.DisallowedHost": {"filters": ["client_error"]},
            # runserver's own access line repeats eventsite.request's, without the request id.
            "django.server": {"handlers": ["discard"], "propagate": False},
            # Below WARNING, pymongo logs whole commands and replies: user documents with their
            # password hashes. Never that, whatever LOG_LEVEL says.
            "pymongo": {"level": "WARNING"},
            # Business metrics: bare EMF documents (eventsite/runtime/metrics.py), whatever LOG_LEVEL says.
            "eventsite.metrics": {"handlers": ["metrics"], "level": "INFO", "propagate": False},
        },
    }
