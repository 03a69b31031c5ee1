"""Export every collection the app owns as Extended JSON lines, and restore such a file into an
empty database through the ORM (the same code on SQLite and MongoDB).

The file is JSON lines: a header (format, version, time, the applied migrations of the project's
apps, the collections in order), then one line per record, ``{"collection": …, "document": …}``,
collections in dependency order (a record after those it points at). Both directions stream:
records are read and written in batches, never the whole database at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from eventsite.backups import extended_json
from eventsite.backups.collections import exported_models, project_models

FORMAT = "eventsite-export"
FORMAT_VERSION = 1
BATCH_SIZE = 500


class RestoreRefused(Exception):
    """The file cannot be restored here; nothing, or only what the message says, was written."""


@dataclass
class Summary:
    """Records per collection, in the order they were written."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def applied_migrations(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The applied migrations of each project app that has models, by app label."""
    labels = {model._meta.app_label for model in project_models()}
    applied: dict[str, list[str]] = {label: [] for label in sorted(labels)}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        if app_label in applied:
            applied[app_label].append(name)
    return {label: sorted(names) for label, names in applied.items()}


def export_data(*, out: TextIO, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the header and every record of every exported model to ``out``."""
    ordered = exported_models()
    header = {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "exportedAt": extended_json.encode(timezone.now()),
        "migrations": applied_migrations(using=using),
        "collections": [{"name": m._meta.db_table, "model": m._meta.label} for m in ordered],
    }
    _write(out, header)
    summary = Summary()
    for model in ordered:
        name = model._meta.db_table
        summary.counts[name] = 0
        for obj in model._base_manager.using(using).order_by("pk").iterator(chunk_size=BATCH_SIZE):
            _write(out, {"collection": name, "document": extended_json.document(model, obj)})
            summary.counts[name] += 1
    return summary


def _write(out: TextIO, line: dict) -> None:
    out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def non_empty_collections(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    return [m._meta.db_table for m in exported_models() if m._base_manager.using(using).exists()]


def import_data(*, lines: Iterable[str], using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Restore an export into a database that holds none of the exported records yet.

    Records keep their primary keys and every field as exported (password hashes, timestamps
    that ``auto_now`` would otherwise replace): they are inserted raw, as ``loaddata`` does, with
    no signals. Each batch is written on its own; after a failure, flush the database and rerun.
    """
    numbered = enumerate(lines, 1)
    header = _header(numbered, using=using)
    ordered = exported_models()
    by_name = {m._meta.db_table: m for m in ordered}
    in_file = [c.get("name") for c in header.get("collections", [])]
    unknown = sorted(set(in_file) - set(by_name))
    if unknown:
        raise RestoreRefused(f"the file holds collections this code does not export: {', '.join(unknown)}")
    occupied = non_empty_collections(using=using)
    if occupied:
        raise RestoreRefused(
            "the database is not empty (records in " + ", ".join(occupied) + "); import_data restores "
            "into an empty database only: migrate a new one, or run manage.py flush first"
        )
    position = {name: index for index, name in enumerate(by_name)}
    summary = Summary()
    batch = _Batch(using=using)
    for number, line in numbered:
        if not line.strip():
            continue
        name, doc = _record(number, line, by_name)
        model = by_name[name]
        if batch.model is not model:
            batch.flush()
            if batch.model is not None and position[name] < position[batch.model._meta.db_table]:
                raise RestoreRefused(f"line {number}: {name} records come after records that point at them")
            batch.model = model
            summary.counts.setdefault(name, 0)
        try:
            batch.add(model(**extended_json.attributes(model, doc)))
        except extended_json.BadValue as exc:
            raise RestoreRefused(f"line {number}: {exc}") from exc
        summary.counts[name] += 1
    batch.flush()
    return summary


def _header(numbered, *, using: str) -> dict:
    for number, line in numbered:
        if not line.strip():
            continue
        try:
            header = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RestoreRefused(f"line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise RestoreRefused(f"line {number}: not an {FORMAT} file (no header)")
        if header.get("formatVersion") != FORMAT_VERSION:
            raise RestoreRefused(
                f"format version {header.get('formatVersion')!r}; this code reads version {FORMAT_VERSION}"
            )
        here = applied_migrations(using=using)
        if header.get("migrations") != here:
            raise RestoreRefused(
                "the file was exported at another migration state; restore with the code version that "
                f"made it, migrated as it was ({_difference(header.get('migrations') or {}, here)}), "
                "then run migrate"
            )
        return header
    raise RestoreRefused("the file is empty")


def _difference(theirs: dict, ours: dict) -> str:
    parts = []
    for label in sorted(set(theirs) | set(ours)):
        missing = sorted(set(theirs.get(label, [])) - set(ours.get(label, [])))
        extra = sorted(set(ours.get(label, [])) - set(theirs.get(label, [])))
        if missing:
            parts.append(f"{label}: not applied here {', '.join(missing)}")
        if extra:
            parts.append(f"{label}: applied here only {', '.join(extra)}")
    return "; ".join(parts) or "the file lists no migrations"


def _record(number: int, line: str, by_name: dict) -> tuple[str, dict]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RestoreRefused(f"line {number}: not valid JSON ({exc.msg})") from exc
    name = record.get("collection") if isinstance(record, dict) else None
    doc = record.get("document") if isinstance(record, dict) else None
    if name not in by_name or not isinstance(doc, dict):
        raise RestoreRefused(f"line {number}: not a record of an exported collection")
    return name, doc


class _Batch:
    """Records of one model waiting to be inserted together."""

    def __init__(self, *, using: str):
        self.using = using
        self.model: type[models.Model] | None = None
        self.objs: list[models.Model] = []

    def add(self, obj: models.Model) -> None:
        self.objs.append(obj)
        if len(self.objs) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.objs:
            return
        fields = self.model._meta.concrete_fields
        self.model._base_manager.using(self.using)._insert(
            self.objs, fields=fields, raw=True, using=self.using
        )
        self.objs = []
