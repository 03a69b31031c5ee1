"""Fail when a tracked Python module (migrations excepted) is over the line limit.

Run from the repository root (``make lint``); ``--root`` checks another git checkout.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

MAX_LINES = 300


def tracked_modules(root: Path) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", "*.py"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    return [Path(name) for name in listed.split("\0") if name and "migrations" not in Path(name).parts]


def oversized(root: Path, limit: int = MAX_LINES) -> list[tuple[Path, int]]:
    """``(path, line count)`` of each tracked module over ``limit`` lines, by path."""
    found = []
    for path in sorted(tracked_modules(root)):
        full = root / path
        if not full.is_file():
            continue
        with full.open("rb") as module:
            count = sum(1 for _ in module)
        if count > limit:
            found.append((path, count))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--max-lines", type=int, default=MAX_LINES)
    args = parser.parse_args(argv)
    found = oversized(args.root, args.max_lines)
    for path, count in found:
        print(f"{path}: {count} lines, over the limit of {args.max_lines}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
