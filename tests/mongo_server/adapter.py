"""Where mongomock-ng 7.11.1 computes something other than MongoDB 7.0, and the fix.

Importing this module patches mongomock-ng in this process (the test server's only).
Each fix names what upstream lacks; ``tests/mongo_server/test_adapter.py`` pins each
one against the answer MongoDB gives.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from mongomock_ng import OperationFailure, aggregate, filtering
from mongomock_ng.helpers import NOTHING

_upstream_field_operator = aggregate._Parser._handle_field_operator


def _field_operator(self, operator, values):
    """``$getField`` with an expression as ``input``.

    Upstream evaluates ``input`` only when it is a field path string and otherwise takes
    the expression document itself as the input, so ``{$getField: {field: "n", input:
    {$arrayElemAt: [...]}}}`` reads ``n`` from ``{"$arrayElemAt": ...}``: None. The
    backend counts with exactly that shape, so every ``.count()`` came back 0.
    """
    if operator == "$getField" and isinstance(values, dict) and isinstance(values.get("input"), dict | list):
        values = {**values, "input": self.parse(values["input"])}
    return _upstream_field_operator(self, operator, values)


def _is_object_literal(value) -> bool:
    return isinstance(value, dict) and bool(value) and not any(key.startswith("$") for key in value)


def _dotted(spec: dict, prefix: str = ""):
    for key, value in spec.items():
        path = f"{prefix}{key}"
        if _is_object_literal(value):
            yield from _dotted(value, f"{path}.")
        else:
            yield path, value


def _add_fields_stage(in_collection, unused_database, options, user_vars):
    """``$addFields``/``$set`` merge an object literal into an embedded document.

    MongoDB reads ``{$addFields: {a: {b: expr}}}`` as ``{"a.b": expr}``: the other fields
    of ``a`` stay. Upstream replaces ``a`` with ``{b: ...}``, and writes dotted paths into
    the input document's own sub-documents. The backend builds ``select_related()`` rows
    this way, so every related object came back as None.
    """
    if not options:
        raise OperationFailure(
            "Invalid $addFields :: caused by :: specification must have at least one field"
        )
    paths = list(_dotted(options))
    out_collection = []
    for in_doc in in_collection:
        out_doc = dict(in_doc)
        for path, expression in paths:
            value = aggregate._parse_expression(expression, in_doc, user_vars=user_vars)
            if value is NOTHING:
                continue
            *parents, leaf = path.split(".")
            target = out_doc
            for parent in parents:
                child = target.get(parent)
                target[parent] = dict(child) if isinstance(child, dict) else {}
                target = target[parent]
            target[leaf] = value
        out_collection.append(out_doc)
    return out_collection


_WEEKDAYS = {name: index for index, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_upstream_date_trunc = aggregate._handle_date_trunc_operator


def _date_trunc(values, out_value):
    """``$dateTrunc`` with ``timezone`` and ``startOfWeek``.

    Upstream refuses both (NotImplementedError); Django's ``Trunc`` functions always send
    ``timezone`` and the admin's date hierarchy truncates by day, month and year in it.
    Dates are truncated in that zone, weeks start on ``startOfWeek`` (Sunday by default),
    and the result is the UTC instant of that local boundary.
    """
    if not isinstance(values, dict) or not ({"timezone", "startOfWeek"} & set(values)):
        return _upstream_date_trunc(values, out_value)
    if values.get("binSize", 1) != 1:
        raise NotImplementedError("$dateTrunc with binSize other than 1 is not supported by the test server")
    value = out_value["date"]
    if value is None:
        return None
    zone = ZoneInfo(out_value.get("timezone") or "UTC")
    as_utc = value.replace(tzinfo=datetime.UTC) if value.tzinfo is None else value
    local = as_utc.astimezone(zone).replace(tzinfo=None)
    unit = out_value["unit"]
    if unit == "week":
        start = _WEEKDAYS[str(out_value.get("startOfWeek", "sun"))[:3].lower()]
        day = local.replace(hour=0, minute=0, second=0, microsecond=0)
        truncated = day - datetime.timedelta(days=(local.weekday() - start) % 7)
    else:
        truncated = aggregate._truncate_date(local, unit)
    result = truncated.replace(tzinfo=zone).astimezone(datetime.UTC)
    return result if value.tzinfo is not None else result.replace(tzinfo=None)


_upstream_boolean_operator = aggregate._Parser._handle_boolean_operator


def _boolean_operator(self, operator, values):
    """``$not`` with its argument in an array, the documented form: ``{$not: [expr]}``.

    Upstream evaluates the array itself, and a non-empty array is true, so ``$not: [x]``
    was always false. The backend writes ``~Q(...)`` in a conditional aggregate (``Count(
    filter=~Q(...))``) exactly so: the count of events that are not drafts came back 0.
    """
    if operator == "$not" and isinstance(values, list) and len(values) == 1:
        values = values[0]
    return _upstream_boolean_operator(self, operator, values)


_upstream_filter_apply = filtering._Filterer.apply


def _filter_apply(self, search_filter, document, user_vars=None):
    """``$and``/``$or``/``$nor`` keep the ``$lookup`` variables (``let``) for what they hold.

    Upstream evaluates the clauses of a logical operator without them, so ``$$name`` in an
    ``$expr`` under ``$and`` matched nothing. The backend builds every ``Subquery`` and
    ``FilteredRelation`` as a ``$lookup`` whose ``$match`` is ``{$and: [{$expr: ...}, ...]}``.
    """
    if not user_vars or not isinstance(search_filter, dict):
        return _upstream_filter_apply(self, search_filter, document, user_vars=user_vars)
    clauses = {key: value for key, value in search_filter.items() if key in filtering.LOGICAL_OPERATOR_MAP}
    rest = {key: value for key, value in search_filter.items() if key not in clauses}
    for key, subfilters in clauses.items():
        if not subfilters:
            raise OperationFailure("BadValue $and/$or/$nor must be a nonempty array")

        def apply(subfilter, doc):
            return _filter_apply(self, subfilter, doc, user_vars=user_vars)

        if not filtering.LOGICAL_OPERATOR_MAP[key](document, subfilters, apply):
            return False
    return _upstream_filter_apply(self, rest, document, user_vars=user_vars) if rest else True


aggregate._Parser._handle_field_operator = _field_operator
aggregate._Parser._handle_boolean_operator = _boolean_operator
filtering._Filterer.apply = _filter_apply
aggregate._PIPELINE_HANDLERS["$addFields"] = _add_fields_stage
aggregate._PIPELINE_HANDLERS["$set"] = _add_fields_stage
aggregate._handle_date_trunc_operator = _date_trunc
