"""The places ``tests.mongo_server.adapter`` makes mongomock-ng compute what MongoDB 7.0 does.

Each test runs a real aggregate over the wire and compares with MongoDB's answer, worked
out by hand. Europe/Berlin is UTC+1 (CET) until 2024-03-31 01:00 UTC and UTC+2 (CEST) after.
"""

from datetime import datetime


def test_get_field_reads_from_an_expression_given_as_input(database):
    """Upstream evaluates ``input`` only when it is a field path; an expression such as
    ``$arrayElemAt`` was taken literally, so the field read was null."""
    database.items.insert_one({"_id": 1, "arr": [{"n": 5}, {"n": 6}]})
    first_n = {"$getField": {"field": "n", "input": {"$arrayElemAt": ["$arr", 0]}}}

    rows = list(database.items.aggregate([{"$project": {"_id": 0, "n": first_n}}]))

    assert rows == [{"n": 5}]


def test_get_field_of_a_counting_facet_gives_the_count(database):
    """The backend's ``count()`` shape: ``$getField`` of the first ``$group`` row."""
    database.items.insert_many([{"_id": n} for n in range(3)])
    count = {"$getField": {"field": "n", "input": {"$arrayElemAt": ["$rows", 0]}}}

    rows = list(
        database.items.aggregate(
            [
                {"$facet": {"rows": [{"$group": {"_id": None, "n": {"$sum": 1}}}]}},
                {"$project": {"n": count}},
            ]
        )
    )

    assert rows == [{"n": 3}]


def test_add_fields_merges_an_object_literal_into_the_embedded_document(database):
    """Upstream replaces ``sub`` with the literal (``{b: 2}``) instead of reading it as
    ``{"sub.b": 2}``, and writes into the stored document's own sub-document."""
    database.items.insert_one({"_id": 1, "sub": {"a": 1}})

    added = list(database.items.aggregate([{"$addFields": {"sub": {"b": 2}}}]))
    computed = list(database.items.aggregate([{"$set": {"sub": {"c": {"$add": ["$sub.a", 1]}}}}]))

    assert added == [{"_id": 1, "sub": {"a": 1, "b": 2}}]
    assert computed == [{"_id": 1, "sub": {"a": 1, "c": 2}}]
    assert database.items.find_one({"_id": 1}) == {"_id": 1, "sub": {"a": 1}}


def test_add_fields_makes_the_embedded_document_where_there_was_none(database):
    """Where ``sub`` is missing or not a document, MongoDB sets it to the literal's fields
    (upstream does too; the fix must keep it)."""
    database.items.insert_many([{"_id": 1}, {"_id": 2, "sub": 5}])

    rows = list(database.items.aggregate([{"$addFields": {"sub": {"b": 2}}}, {"$sort": {"_id": 1}}]))

    assert rows == [{"_id": 1, "sub": {"b": 2}}, {"_id": 2, "sub": {"b": 2}}]


def _truncated(database, at: datetime, **options) -> datetime:
    database.items.delete_many({})
    database.items.insert_one({"_id": 1, "at": at})
    truncate = {"$dateTrunc": {"date": "$at", "timezone": "Europe/Berlin", **options}}
    (row,) = database.items.aggregate([{"$project": {"t": truncate}}])
    return row["t"]


def test_date_trunc_by_day_and_month_truncates_in_the_timezone(database):
    """Upstream raises NotImplementedError for ``timezone``; Django's Trunc always sends it."""
    # 23:30Z on 10 March is 00:30 on 11 March in Berlin: that day began at 23:00Z.
    assert _truncated(database, datetime(2024, 3, 10, 23, 30), unit="day") == datetime(2024, 3, 10, 23, 0)
    # Noon on 15 March: the month began on 1 March, 00:00 CET, the last hour of 29 February UTC.
    assert _truncated(database, datetime(2024, 3, 15, 12, 0), unit="month") == datetime(2024, 2, 29, 23, 0)
    # 22:30Z on 31 March is 00:30 on 1 April in Berlin (CEST): April began at 22:00Z.
    assert _truncated(database, datetime(2024, 3, 31, 22, 30), unit="month") == datetime(2024, 3, 31, 22, 0)
    assert _truncated(database, datetime(2024, 6, 1, 12, 0), unit="year") == datetime(2023, 12, 31, 23, 0)


def test_date_trunc_by_week_starts_the_week_on_start_of_week_in_the_timezone(database):
    """Upstream raises NotImplementedError for ``startOfWeek`` (and ``timezone``)."""
    thursday = datetime(2024, 3, 14, 10, 0)
    # Weeks start on Sunday unless told: Sunday 10 March, 00:00 CET.
    assert _truncated(database, thursday, unit="week") == datetime(2024, 3, 9, 23, 0)
    assert _truncated(database, thursday, unit="week", startOfWeek="monday") == datetime(2024, 3, 10, 23, 0)
    # 23:30Z on Sunday 10 March is already Monday 11 March in Berlin.
    sunday_night = datetime(2024, 3, 10, 23, 30)
    assert _truncated(database, sunday_night, unit="week", startOfWeek="monday") == datetime(
        2024, 3, 10, 23, 0
    )
    # Wednesday 3 April (CEST): Monday 1 April, 00:00 CEST.
    wednesday = datetime(2024, 4, 3, 12, 0)
    assert _truncated(database, wednesday, unit="week", startOfWeek="Mon") == datetime(2024, 3, 31, 22, 0)


def test_not_takes_its_argument_from_an_array(database):
    """Upstream evaluates ``{$not: [x]}`` as "not (a non-empty array)", false whatever ``x``
    is; the backend's ``Count(filter=~Q(...))`` is exactly this shape."""
    database.items.insert_many([{"_id": 1, "s": "draft"}, {"_id": 2, "s": "published"}])
    not_draft = {"$not": [{"$eq": ["$s", "draft"]}]}

    rows = list(database.items.aggregate([{"$project": {"open": not_draft}}, {"$sort": {"_id": 1}}]))

    assert rows == [{"_id": 1, "open": False}, {"_id": 2, "open": True}]


def test_lookup_variables_reach_an_expr_inside_and(database):
    """Upstream evaluates the clauses of ``$and``/``$or`` without the ``$lookup``'s ``let``
    variables, so ``$$event`` matched nothing; the backend's ``Subquery`` sends this shape."""
    database.events.insert_many([{"_id": 1}, {"_id": 2}])
    database.rsvps.insert_many([{"_id": 10, "event": 1, "user": "u"}, {"_id": 11, "event": 1, "user": "v"}])
    mine = {"$and": [{"$expr": {"$eq": ["$event", "$$event"]}}, {"user": "u"}]}
    lookup = {"from": "rsvps", "let": {"event": "$_id"}, "pipeline": [{"$match": mine}], "as": "mine"}

    rows = list(database.events.aggregate([{"$lookup": lookup}, {"$sort": {"_id": 1}}]))

    assert rows == [{"_id": 1, "mine": [{"_id": 10, "event": 1, "user": "u"}]}, {"_id": 2, "mine": []}]
