"""Fast inserts for the big demo tables: PostgreSQL COPY, or batched executemany on SQLite.

Rows are plain tuples in the order of the field names given, with explicit primary keys, so the generator
can point questions at conversations without reading anything back. This path bypasses model save(),
services and signals on purpose; docs/demo-data.md lists what that skips.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

SQLITE_BATCH = 2000


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
