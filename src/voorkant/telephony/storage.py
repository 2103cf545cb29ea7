"""Set-based SQL for the ingest hot path: one statement per batch, no model instances.

Django's bulk_create cannot say which rows an `ON CONFLICT DO NOTHING` skipped, and building thousands of
model instances costs more than the database work. Both PostgreSQL and SQLite (3.35+) support `INSERT ... ON
CONFLICT ... RETURNING`, so the same SQL serves both.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from voorkant.telephony.models import Call, TelephonyEvent

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
            cursor.execute(
                f"INSERT INTO {table} ({_quoted(EVENT_COLUMNS)}) {source} "  # noqa: S608 - our own names
                "ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
                params,
            )
            created.update(r[0] for r in cursor.fetchall())
    return created


def call_values(row: dict[str, Any]) -> tuple:
    adapt = connection.ops.adapt_datetimefield_value
    return tuple(adapt(row[c]) if c in CALL_DATETIMES else row[c] for c in CALL_COLUMNS)


def calls_upsert(rows: Sequence[dict[str, Any]]) -> None:
    """Insert call summaries or overwrite the derived fields of existing ones."""
    table = connection.ops.quote_name(Call._meta.db_table)
    updates = ", ".join(  # noqa: S608 - column names are our own constants
        f"{connection.ops.quote_name(c)} = excluded.{connection.ops.quote_name(c)}"
        for c in CALL_COLUMNS
        if c not in CALL_KEEP
    )
    with _cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = [call_values(row) for row in rows[start : start + CHUNK]]
            source, params = _rows_source(Call, CALL_COLUMNS, chunk)
            cursor.execute(
                f"INSERT INTO {table} ({_quoted(CALL_COLUMNS)}) {source} "  # noqa: S608 - our own names
                f"ON CONFLICT (call_id) DO UPDATE SET {updates}",
                params,
            )
