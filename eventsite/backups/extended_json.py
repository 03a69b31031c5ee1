"""MongoDB Extended JSON (relaxed) for one exported record: what ``mongoexport`` writes and
``import_legacy`` reads (``legacy/documents.py``): ``{"$uuid": …}``, ``{"$date": "…Z"}``, plain
numbers, with the primary key as ``_id`` and the other fields under their column names.

Decoding goes by the model's field types, so a JSON field's content is kept as it is, even an
object whose only key starts with ``$``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.db import models


class BadValue(ValueError):
    """A value of the file that the field cannot hold."""


def encode(value):
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, datetime):
        return {"$date": _iso(value)}
    return value


def _iso(moment: datetime) -> str:
    """ISO 8601 in UTC: milliseconds as BSON keeps them, microseconds where SQLite kept some."""
    moment = moment.astimezone(UTC)
    spec = "milliseconds" if moment.microsecond % 1000 == 0 else "microseconds"
    return moment.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def document(model: type[models.Model], obj: models.Model) -> dict:
    """The record as a collection document: ``_id``, then each column."""
    doc = {"_id": encode(obj.pk)}
    for field in model._meta.concrete_fields:
        if not field.primary_key:
            doc[field.column] = encode(field.value_from_object(obj))
    return doc


def attributes(model: type[models.Model], doc: dict) -> dict:
    """The model's attribute values from a document ``document`` wrote; unknown keys are refused."""
    by_column = {
        ("_id" if field.primary_key else field.column): field for field in model._meta.concrete_fields
    }
    unknown = sorted(set(doc) - set(by_column))
    if unknown:
        raise BadValue(f"{model._meta.db_table} has no field {', '.join(unknown)}")
    values = {}
    for column, raw in doc.items():
        field = by_column[column]
        values[field.attname] = _decode(field, raw)
    return values


def _decode(field: models.Field, raw):
    if raw is None or isinstance(field, models.JSONField):
        return raw
    value = _scalar(raw)
    try:
        target = field.target_field if field.is_relation else field
        return target.to_python(value)
    except Exception as exc:  # Django raises ValidationError, TypeError or ValueError here.
        raise BadValue(f"{field.model._meta.db_table}.{field.column}: cannot hold {raw!r}") from exc


def _scalar(raw):
    if not isinstance(raw, dict) or len(raw) != 1:
        return raw
    ((kind, value),) = raw.items()
    if kind in ("$uuid", "$oid"):
        return value
    if kind in ("$numberInt", "$numberLong"):
        return int(value)
    if kind == "$numberDouble":
        return float(value)
    if kind == "$date":
        return _moment(value)
    return raw


def _moment(value) -> datetime:
    if isinstance(value, dict) and set(value) == {"$numberLong"}:
        value = int(value["$numberLong"])
    if isinstance(value, int):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BadValue(f"not a date: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
