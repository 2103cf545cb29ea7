"""Set-based SQL for the ingest hot path: a fixed number of statements per batch, no model instances.

Django's bulk_create cannot say which rows an `ON CONFLICT DO NOTHING` skipped, and building thousands of
model instances costs more than the database work. Both PostgreSQL and SQLite (3.35+) support `INSERT ... ON
CONFLICT ... RETURNING`.

On PostgreSQL a batch travels as one JSON document per statement (`json_to_recordset`): `json.dumps` in C
costs a fraction of adapting one Python list per column, and the server parses it as fast. Storing the new
events and reading back every event of the calls they touch is one statement there; SQLite takes two.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from voorkant.telephony.models import Call, TelephonyEvent
from voorkant.telephony.summary import CallEventRow

EVENT_COLUMNS = [
    "event_id",
    "event_type",
    "is_agent_event",
    "call_id",
    "occurred_at",
    "queue",
    "agent_ref",
    "employee_id",
    "target",
    "target_is_agent",
    "caller_number",
    "source",
    "received_at",
]
CALL_COLUMNS = [
    "call_id",
    "source",
    "queue",
    "final_queue",
    "caller_number",
    "caller_key",
    "entered_at",
    "interval_start",
    "status",
    "waiting_since",
    "answered_at",
    "ended_at",
    "answered",
    "abandoned",
    "abandoned_after_transfer",
    "wait_seconds",
    "total_wait_seconds",
    "talk_seconds",
    "right_person_seconds",
    "transfer_count",
    "first_agent_ref",
    "first_employee_id",
    "final_agent_ref",
    "final_employee_id",
    "is_repeat",
    "event_count",
]
CALL_DATETIMES = {"entered_at", "interval_start", "waiting_since", "answered_at", "ended_at"}
# Kept as they are on conflict: where the call first came from, and the repeat flag (refreshed separately).
CALL_KEEP = {"call_id", "source", "is_repeat"}
CHUNK = 500


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in columns)


def _values_sql(columns: int, rows: int) -> str:
    row = "(" + ", ".join(["%s"] * columns) + ")"
    return ", ".join([row] * rows)


def _rows_source(model, columns: Sequence[str], rows: list[tuple]) -> tuple[str, list[Any]]:
    """SQL yielding these rows, and its parameters.

    PostgreSQL gets one array per column through UNNEST, so the statement has as many placeholders as columns,
    whatever the number of rows (a VALUES list of 1,300 placeholders costs more to build than to run).
    """
    if connection.vendor == "postgresql":
        return _unnest_sql(model, tuple(columns)), [list(column) for column in zip(*rows, strict=True)]
    return "VALUES " + _values_sql(len(columns), len(rows)), [value for row in rows for value in row]


@functools.cache
def _unnest_sql(model, columns: tuple[str, ...]) -> str:
    types = [model._meta.get_field(c).db_type(connection) for c in columns]
    casts = ", ".join(f"%s::{t.split('(')[0]}[]" for t in types)
    return f"SELECT * FROM UNNEST({casts})"  # noqa: S608 - column types come from our own models


def _cursor():
    """On PostgreSQL a server-side-binding cursor: arrays travel as typed parameters instead of being quoted
    into the SQL text by the client, which costs more CPU than the insert itself."""
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        return psycopg.Cursor(connection.connection)
    return connection.cursor()


def _execute(cursor, sql: str, params: list, *, binary: bool = False) -> None:
    """Run a statement; when Django logs queries (DEBUG, or a test counting them), log this one too, since the
    server-side-binding cursor bypasses Django's own cursor wrapper.

    `binary` asks PostgreSQL for results in binary form: psycopg then reads timestamps in C, where Django's
    text loader for timestamptz parses each one in Python, the largest cost of reading back a batch's events.
    The values are the same (aware datetimes in the connection's time zone, UTC).
    """
    if binary and connection.vendor == "postgresql":
        cursor.execute(sql, params, binary=True)
    else:
        cursor.execute(sql, params)
    if connection.vendor == "postgresql" and connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": "0.000"})


def fetch_all(sql: str, params: Sequence[Any]) -> list[tuple]:
    """Run a read and return its rows as plain tuples; on PostgreSQL in binary form (see _execute)."""
    with _cursor() as cursor:
        _execute(cursor, sql, list(params), binary=True)
        return cursor.fetchall()


def events_insert_new(rows: Sequence[dict[str, Any]]) -> set[str]:
    """Insert events; return the ids that were new (a known id is skipped by the unique constraint)."""
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(timezone.now())
    table = connection.ops.quote_name(TelephonyEvent._meta.db_table)
    created: set[str] = set()
    with _cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = [
                tuple(
                    now if c == "received_at" else adapt(row[c]) if c == "occurred_at" else row[c]
                    for c in EVENT_COLUMNS
                )
                for row in rows[start : start + CHUNK]
            ]
            source, params = _rows_source(TelephonyEvent, EVENT_COLUMNS, chunk)
            _execute(
                cursor,
                f"INSERT INTO {table} ({_quoted(EVENT_COLUMNS)}) {source} "  # noqa: S608 - our own names
                "ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
                params,
            )
            created.update(r[0] for r in cursor.fetchall())
    return created


def call_values(row: dict[str, Any]) -> tuple:
    adapt = connection.ops.adapt_datetimefield_value
    return tuple(adapt(row[c]) if c in CALL_DATETIMES else row[c] for c in CALL_COLUMNS)


def calls_upsert(rows: Sequence[dict[str, Any]]) -> set[str] | None:
    """Insert call summaries or overwrite the derived fields of existing ones.

    On PostgreSQL returns the calls that are new or whose caller or start changed: only those can change
    anyone's repeat flag (services.repeat_flags_refresh). The same statement reads the old values (a CTE sees
    the table as it was before the upsert). Elsewhere returns None: every call counts as changed.
    """
    table = connection.ops.quote_name(Call._meta.db_table)
    updates = ", ".join(  # noqa: S608 - column names are our own constants
        f"{connection.ops.quote_name(c)} = excluded.{connection.ops.quote_name(c)}"
        for c in CALL_COLUMNS
        if c not in CALL_KEEP
    )
    changed: set[str] | None = set() if connection.vendor == "postgresql" else None
    with _cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            if changed is not None:
                record = _record_type(Call, tuple(CALL_COLUMNS))
                _execute(
                    cursor,
                    f"WITH input AS (SELECT * FROM json_to_recordset(%s::json) AS x({record})), "  # noqa: S608
                    f"old AS (SELECT call_id, caller_key, entered_at FROM {table} "
                    "WHERE call_id = ANY(ARRAY(SELECT call_id FROM input))), "
                    f"upsert AS (INSERT INTO {table} ({_quoted(CALL_COLUMNS)}) SELECT * FROM input "
                    f"ON CONFLICT (call_id) DO UPDATE SET {updates}) "
                    "SELECT input.call_id FROM input LEFT JOIN old ON old.call_id = input.call_id "
                    "WHERE old.call_id IS NULL OR old.caller_key <> input.caller_key "
                    "OR old.entered_at <> input.entered_at",
                    [_json_rows(CALL_COLUMNS, rows[start : start + CHUNK])],
                )
                changed.update(call_id for (call_id,) in cursor.fetchall())
                continue
            chunk = [call_values(row) for row in rows[start : start + CHUNK]]
            source, params = _rows_source(Call, CALL_COLUMNS, chunk)
            _execute(
                cursor,
                f"INSERT INTO {table} ({_quoted(CALL_COLUMNS)}) {source} "  # noqa: S608 - our own names
                f"ON CONFLICT (call_id) DO UPDATE SET {updates}",
                params,
            )
    return changed


# What a call's summary needs of each stored event, in CallEventRow's order.
LOAD_COLUMNS = [
    "call_id",
    "occurred_at",
    "event_type",
    "event_id",
    "queue",
    "agent_ref",
    "employee_id",
    "target",
    "target_is_agent",
    "caller_number",
]


@functools.cache
def _record_type(model, columns: tuple[str, ...]) -> str:
    """The column list of json_to_recordset: each column with its database type."""
    quote = connection.ops.quote_name
    types = [model._meta.get_field(c).db_type(connection).split("(")[0] for c in columns]
    return ", ".join(f"{quote(c)} {t}" for c, t in zip(columns, types, strict=True))


def _json_default(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _json_rows(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps([{c: row[c] for c in columns} for row in rows], default=_json_default)


def events_store_and_load(rows: Sequence[dict[str, Any]]) -> tuple[set[str], dict[str, list[CallEventRow]]]:
    """Insert events (a known id is skipped); return the new ids and every stored event of the calls that got
    a new event, grouped per call. The caller holds the recompute lock (services.recompute_lock)."""
    if connection.vendor != "postgresql":
        created = events_insert_new(rows)
        call_ids = {row["call_id"] for row in rows if row["call_id"] and row["event_id"] in created}
        return created, events_of_calls(call_ids)
    table = connection.ops.quote_name(TelephonyEvent._meta.db_table)
    insert_columns = [c for c in EVENT_COLUMNS if c != "received_at"]
    load = _quoted(LOAD_COLUMNS)
    sql = (
        f"WITH input AS (SELECT * FROM json_to_recordset(%s::json) AS x("  # noqa: S608 - our own names
        f"{_record_type(TelephonyEvent, tuple(insert_columns))})), "
        f"new AS (INSERT INTO {table} ({_quoted(insert_columns)}, received_at) "
        f"SELECT {_quoted(insert_columns)}, now() FROM input ON CONFLICT (event_id) DO NOTHING "
        f"RETURNING {load}) "
        f"SELECT true, {load} FROM new "
        f"UNION ALL SELECT false, {load} FROM {table} "
        # An array, not IN (subquery): the planner then always probes the call_id index, where a semi join
        # with a fresh table's estimates can choose to scan every event.
        "WHERE call_id = ANY(ARRAY(SELECT call_id FROM new WHERE call_id <> ''))"
    )
    created: set[str] = set()
    grouped: dict[str, list[CallEventRow]] = defaultdict(list)
    with _cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            _execute(cursor, sql, [_json_rows(insert_columns, rows[start : start + CHUNK])], binary=True)
            for is_new, call_id, *fields in cursor.fetchall():
                if is_new:
                    created.add(fields[2])
                if call_id:
                    grouped[call_id].append(CallEventRow(*fields))
    return created, grouped


def events_of_calls(call_ids: set[str]) -> dict[str, list[CallEventRow]]:
    grouped: dict[str, list[CallEventRow]] = defaultdict(list)
    if not call_ids:
        return grouped
    rows = TelephonyEvent.objects.filter(call_id__in=list(call_ids)).values_list(*LOAD_COLUMNS)
    for call_id, *fields in rows:
        grouped[call_id].append(CallEventRow(*fields))
    return grouped


REPEAT_SQL = """
UPDATE {table} AS c SET is_repeat = r.repeat
FROM (
    SELECT id, entered_at,
        COALESCE(entered_at - LAG(entered_at) OVER w <= %s * interval '1 second', false) AS repeat
    FROM {table}
    WHERE caller_key = ANY(%s) AND entered_at >= %s AND entered_at <= %s
    WINDOW w AS (PARTITION BY caller_key ORDER BY entered_at, id)
) AS r
WHERE c.id = r.id AND r.entered_at >= %s AND c.is_repeat <> r.repeat
"""


def repeat_flags_update(
    *, keys: list[str], start: dt.datetime, end: dt.datetime, window: dt.timedelta
) -> None:
    """PostgreSQL: set is_repeat for these callers' calls from `start` to `end` in one statement.

    Calls up to `window` before `start` are read as predecessors only; their own flags depend on calls
    further back and are left alone.
    """
    table = connection.ops.quote_name(Call._meta.db_table)
    with _cursor() as cursor:
        _execute(
            cursor,
            REPEAT_SQL.format(table=table),
            [window.total_seconds(), keys, start - window, end, start],
        )
