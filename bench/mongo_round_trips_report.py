"""The report of bench.mongo_round_trips: commands per request against the goals, each
request's command sequence, and the block it writes into bench/README.md."""

from __future__ import annotations

import subprocess
from collections import Counter
from dataclasses import dataclass
from importlib import metadata

from bench.common import BENCH_DIR, PROJECT_DIR, machine_description, table

README = BENCH_DIR / "README.md"
RESULTS_END = "<!-- results:end -->"
START, END = "<!-- mongo-round-trips:start -->", "<!-- mongo-round-trips:end -->"
PAGE_SIZES = (10, 100)
# The order of the breakdown; any other command follows, by name.
COMMAND_ORDER = (
    "aggregate",
    "find",
    "count",
    "insert",
    "update",
    "delete",
    "findAndModify",
    "commitTransaction",
    "abortTransaction",
)

# How the event lists are counted (the list cache serves them): labels of the rows.
FIRST_AFTER_WRITE = " (first list request after a write: page built, shared count too)"
BUILT = " (page built after a write)"
CACHED = " (cached page)"
ALL_EVENTS = "GET /events/all"
FILTERED = "/events?q=Going&status=published"
# Goals: (endpoint names, at most this many commands, must be the same at both page sizes)
GOALS = (
    (("GET /users/me",), 2, False),
    (tuple(ALL_EVENTS + case for case in (FIRST_AFTER_WRITE, BUILT, CACHED)), 4, True),
    (("POST /events/create",), 4, False),
    (("POST /events/{id}/rsvp (going)", "POST /events/{id}/rsvp (waitlisted)"), 6, False),
)


@dataclass
class Counted:
    """The commands one request sent, in order: ``(name, collection, in a transaction, starts one)``."""

    commands: list[tuple[str, str | None, bool, bool]]

    @property
    def total(self) -> int:
        return len(self.commands)

    def summary(self) -> str:
        counts = Counter(name for name, *_ in self.commands)
        names = [n for n in COMMAND_ORDER if n in counts] + sorted(set(counts) - set(COMMAND_ORDER))
        breakdown = ", ".join(f"{counts[name]} {name}" for name in names)
        return f"{self.total} ({breakdown})" if breakdown else "0"

    def transactions(self) -> str:
        started = sum(1 for *_, starts in self.commands if starts)
        if not started:
            return "—"
        statements = sum(
            1 for name, _, in_txn, _ in self.commands if in_txn and not name.endswith("Transaction")
        )
        ends = [name for name, *_ in self.commands if name in ("commitTransaction", "abortTransaction")]
        ending = " + ".join(f"{ends.count(n)} {n}" for n in dict.fromkeys(ends)) or "no end"
        return f"{started}: {statements} statements + {ending}"

    def sequence(self) -> str:
        def step(name, collection, in_txn, starts) -> str:
            mark = (
                "[start txn] "
                if starts
                else ("[txn] " if in_txn and not name.endswith("Transaction") else "")
            )
            return f"{mark}{name} {collection}" if collection else f"{mark}{name}"

        return " → ".join(step(*command) for command in self.commands) or "(none)"


@dataclass
class Row:
    name: str
    counts: list[Counted]  # one per page size, or one for a request without pages


def goal_for(name: str) -> tuple[int, bool] | None:
    for names, limit, constant in GOALS:
        if name in names:
            return limit, constant
    return None


def verdict(row: Row) -> str:
    goal = goal_for(row.name)
    if goal is None:
        return ""
    limit, constant = goal
    totals = [counted.total for counted in row.counts]
    wanted = f"≤ {limit}" + (", same at 10 and 100" if constant else "")
    missed = max(totals) > limit or (constant and len(set(totals)) > 1)
    return f"{wanted}: **MISSED**" if missed else f"{wanted}: met"


def report(rows: list[Row]) -> str:
    """The Markdown table: commands per request, and the goals beside them."""
    lines = []
    for row in rows:
        small = row.counts[0].summary()
        large = row.counts[1].summary() if len(row.counts) > 1 else "same (no pages)"
        transactions = " / ".join(dict.fromkeys(counted.transactions() for counted in row.counts))
        lines.append([row.name, small, large, transactions, verdict(row)])
    header = ["endpoint", "commands (pageSize 10)", "commands (pageSize 100)", "transactions", "goal"]
    return table(header, lines, align="lllll")


def goals_summary(rows: list[Row]) -> str:
    verdicts = {row.name: verdict(row) for row in rows if goal_for(row.name)}
    missed = [name for name, text in verdicts.items() if "MISSED" in text]
    met = len(verdicts) - len(missed)
    text = f"Goals: {met} of {len(verdicts)} rows met"
    return text + (f"; missed: {', '.join(missed)}." if missed else ".")


def sequences(rows: list[Row]) -> str:
    """Each request's commands in order (collection included), for reading a change's effect."""
    lines = []
    for row in rows:
        shown = dict.fromkeys(counted.sequence() for counted in row.counts)
        for size, sequence in zip(PAGE_SIZES, shown, strict=False):
            label = f"{row.name} (pageSize {size})" if len(shown) > 1 else row.name
            lines.append(f"{label}: {sequence}")
    return "\n".join(lines)


def provenance() -> str:
    """The commit measured, and any uncommitted change outside bench/ (others edit the app)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "--no-optional-locks", *args],
                cwd=PROJECT_DIR,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    # The virtualenvs are not the code measured (in a git worktree they are untracked links).
    changed = [
        path
        for path in (line[3:] for line in git("status", "--porcelain").splitlines())
        if not path.startswith("bench/") and path.rstrip("/") not in (".venv", ".venv-lambda", ".venv-moto")
    ]
    if changed:
        shown = ", ".join(changed[:6]) + (f" and {len(changed) - 6} more" if len(changed) > 6 else "")
        return f"commit {commit} + uncommitted changes to {shown}"
    return f"commit {commit}"


def block(rows: list[Row], data: str) -> str:
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("pymongo", "django-mongodb-backend", "mongomock-ng", "mockupdb")
    )
    return "\n\n".join(
        [
            START,
            "### MongoDB commands per request (executing test server)",
            f"Measured {machine_description()} · {provenance()} · {versions} · "
            f"{data} · `EVENT_LIST_CACHE_SECONDS` at its default. "
            "Re-run alone: `.venv/bin/python -m bench.mongo_round_trips`.",
            "Each request warmed up once, then counted; on Atlas each command is at least one round "
            "trip. A transaction's `startTransaction` rides on its first statement; "
            "`commitTransaction` is counted.",
            report(rows),
            goals_summary(rows),
            "<details><summary>The commands of each request, in order</summary>\n\n```\n"
            + sequences(rows)
            + "\n```\n\n</details>",
            END,
        ]
    )


def write_readme(text: str) -> None:
    """Replace this block in bench/README.md; the first time, put it at the end of the results."""
    readme = README.read_text()
    if START in readme and END in readme:
        before, rest = readme.split(START, 1)
        readme = before + text + rest.split(END, 1)[1]
    elif RESULTS_END in readme:
        readme = readme.replace(RESULTS_END, f"{text}\n{RESULTS_END}", 1)
    else:
        readme += f"\n{text}\n"
    README.write_text(readme)
