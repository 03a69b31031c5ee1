"""Readers of ``os.environ`` for the settings module, each giving a setting's value.

A bad value stops start-up with one line naming the variable (:func:`fail`), not a traceback;
the parsing itself is in :mod:`eventsite.conf.env`.
"""

import os
import sys
from pathlib import Path
from typing import NoReturn

from eventsite.conf import env

TRUE_WORDS = {"1", "true", "yes", "on"}
# Durations stay within ten years, so expiry times stay far from datetime's limit.
MAX_SECONDS = 10 * 365 * 24 * 3600


def fail(message: str) -> NoReturn:
    """Stop start-up with a one-line message instead of a traceback."""
    raise SystemExit(f"eventsite: {message}")


def warn(message: str) -> None:
    """One line on stderr; the settings module runs once per process."""
    print(f"eventsite: WARNING: {message}", file=sys.stderr)


def text(name: str, default: str = "") -> str:
    """The variable as set, even empty; unset is ``default``."""
    return os.environ.get(name, default)


def is_set(name: str) -> bool:
    return bool(os.environ.get(name))


def path(name: str, default: Path) -> Path:
    return Path(os.environ.get(name) or default)


def paths(name: str) -> list[Path]:
    """A list of one path when the variable is set, else none."""
    value = os.environ.get(name, "").strip()
    return [Path(value)] if value else []


def boolean(name: str, default: bool) -> bool:
    """``1``, ``true``, ``yes`` or ``on`` (any case) is true; unset or blank is ``default``."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def names(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def whole_number(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None, unit: str = ""
) -> int:
    """A whole number within ``minimum``..``maximum``; unset or blank is ``default``."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return env.whole_number(value, minimum=minimum, maximum=maximum, unit=unit)
    except ValueError as exc:
        fail(f"{name} must be {exc}, got {value!r}")


def seconds(name: str, default: int, *, minimum: int = 1) -> int:
    """A duration in seconds, at most ten years."""
    return whole_number(name, default, minimum=minimum, maximum=MAX_SECONDS, unit="seconds")


def rate(name: str, default: str) -> str:
    """A DRF throttle rate (``30/min``), checked now rather than on the first request it applies to."""
    value = os.environ.get(name, "").strip() or default
    try:
        env.rate(value)
    except ValueError as exc:
        fail(f"{name} must be {exc}, got {value!r}")
    return value


def choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``, in any letter case; unset or blank is ``default``."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return env.choice(value, choices)
    except ValueError as exc:
        fail(f"{name} must be {exc}, got {value!r}")
