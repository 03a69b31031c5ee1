"""Turn ``DATABASE_URL`` into Django's ``DATABASES`` entry.

This is the single place that decides which engine serves the project; the
settings module only reads its result.
"""

from __future__ import annotations

from dataclasses import dataclass

import dj_database_url


@dataclass(frozen=True)
class DatabaseProfile:
    """The database chosen by ``DATABASE_URL`` and what follows from it."""

    default: dict
    is_mongodb: bool


def database_profile(url: str) -> DatabaseProfile:
    """Parse ``url`` (``sqlite:///…``, ``postgres://…``, ``mongodb+srv://…``)."""
    if url.startswith(("mongodb://", "mongodb+srv://")):
        raise ValueError("DATABASE_URL uses MongoDB, which this build does not support yet")
    return DatabaseProfile(
        default=dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True),
        is_mongodb=False,
    )
