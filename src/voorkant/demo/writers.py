"""Fast inserts for the big demo tables: PostgreSQL COPY, or batched executemany on SQLite.

Rows are plain tuples in the order of the field names given, with explicit primary keys, so the generator
can point questions at conversations without reading anything back. This path bypasses model save(),
services and signals on purpose; docs/demo-data.md lists what that skips.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

SQLITE_BATCH = 2000
# Below this many rows the usual per-row index and foreign-key upkeep is cheaper than rebuilding.
BULK_LOAD_MIN_ROWS = 50_000


class BulkWriter:
    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.models: list[type[Model]] = []

    def next_id(self, model: type[Model]) -> int:
        """The first free primary key; the sequence is moved past what we wrote in finish()."""
        if model not in self.models:
            self.models.append(model)
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def write(self, model: type[Model], field_names: Sequence[str], rows: Iterable[tuple]) -> None:
        fields = [model._meta.get_field(name) for name in field_names]
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # psycopg 3 adapts UUIDs, datetimes and booleans itself; COPY is the fast lane.
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
                    for row in rows:
                        copy.write_row(row)
                return
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
            batch: list[list] = []
            for row in rows:
                # Let each field prepare its value the way the ORM would (UUID hex, datetime text, ...).
                batch.append(
                    [
                        f.get_db_prep_save(v, connection) if v is not None else None
                        for f, v in zip(fields, row, strict=True)
                    ]
                )
                if len(batch) >= SQLITE_BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)

    def finish(self) -> None:
        """Move PostgreSQL sequences past the explicit keys written (SQLite needs nothing)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


@contextmanager
def bulk_load(models: Sequence[type[Model]], *, rows: int) -> Iterator[None]:
    """PostgreSQL's recipe for populating a database: load first, then build indexes and check keys.

    Inside the caller's transaction, drops the tables' foreign keys and plain (non-unique) indexes and
    re-creates them from their own definitions afterwards: one index build and one anti-join per key instead
    of per-row upkeep and millions of deferred checks at commit. Primary keys and unique constraints stay.
    A failure rolls the DDL back with everything else. The tables are locked exclusively meanwhile.
    """
    if connection.vendor != "postgresql" or rows < BULK_LOAD_MIN_ROWS:
        yield
        return
    tables = [model._meta.db_table for model in models]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Altering a key also alters the table it references, which PostgreSQL refuses while deferred checks
        # of earlier inserts (the organisation, the parties) are pending: run those checks now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'f' AND c.relname = ANY(%s) "
            "ORDER BY c.relname, k.conname",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = ANY(%s) "
            "AND NOT i.indisprimary AND NOT i.indisunique ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's INITIALLY DEFERRED keys
