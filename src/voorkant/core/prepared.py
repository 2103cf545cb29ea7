"""Server-side prepared statements for a few fixed, hot statements (PostgreSQL).

Django's psycopg cursors bind parameters on the client: every statement reaches PostgreSQL as new text and is
parsed and planned again. For the API's page of klantcontacten that planning cost about 0.65 ms of database
CPU per request, a fifth of the statement. ``prepared_cursor()`` gives a cursor that binds on the server;
psycopg prepares each statement on its first execution on a connection and afterwards only executes it.

Only statements written out in our code go through it (a handful of shapes per connection; psycopg keeps at
most 100 per connection), and only those are prepared: every PostgreSQL connection starts with a
``prepare_threshold`` so high that psycopg never prepares a statement by itself (Django's own cursors bind on
the client and are never prepared; the telephony store's server-binding cursors are not prepared either), and
this cursor asks for each of its statements explicitly. Connections also start with
``plan_cache_mode = force_generic_plan``, which only concerns prepared statements, so only these: each is
planned once, and each is written so that its one plan is the right one whatever the parameters (the page
size is part of the text; offset and filter values are parameters; ``bench/klantinteracties_plans.py`` reads
the plans). Both are set in ``settings.DATABASES`` when the connection opens, so no transaction undoes them.

``DATABASE_PREPARED_STATEMENTS=false`` turns this off, e.g. behind PgBouncer in transaction mode before
version 1.21, which cannot keep a connection's prepared statements; the statements then run as any other.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, Model


def prepared_statements_enabled() -> bool:
    return connection.vendor == "postgresql" and settings.DATABASE_PREPARED_STATEMENTS


@contextmanager
def prepared_cursor() -> Iterator:
    """A Django cursor (query logging, error wrapping) over a server-binding psycopg cursor on PostgreSQL;
    an ordinary cursor elsewhere or when prepared statements are off."""
    if not prepared_statements_enabled():
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection._prepare_cursor(_preparing_cursor_class()(connection.connection))
    with cursor:
        yield cursor


@functools.cache
def _preparing_cursor_class() -> type:
    import psycopg

    class PreparingCursor(psycopg.Cursor):
        """Asks psycopg to prepare every statement it runs (Django's wrapper cannot pass ``prepare``)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


# --- A few new rows in one prepared statement ---------------------------------------------------------------

_INSERT_SQL: dict[type[Model], tuple[str, list[Field]]] = {}


def _insert_sql(model: type[Model]) -> tuple[str, list[Field]]:
    """``INSERT INTO <table> (<every column, the primary key included>) VALUES (%s, …)``, built once."""
    entry = _INSERT_SQL.get(model)
    if entry is None:
        fields = list(model._meta.concrete_fields)
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  (our model's own names)
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        entry = _INSERT_SQL[model] = (sql, fields)
    return entry


def insert_new_rows(*objs: Model, then: tuple[str, list]) -> list[tuple] | None:
    """Insert these unsaved instances (primary keys already set, e.g. from ``nextval``), in this order, and
    run ``then`` (a statement and its parameters, e.g. a counter ``UPDATE … RETURNING``) after them, all in
    one prepared statement on PostgreSQL: one round trip and none of the ORM's per-insert compiling, which
    cost more than the inserts themselves (an API create wrote a conversation and a question: 0.7 ms of
    Python). Values are prepared as Django prepares them (``pre_save``, ``get_db_prep_save``).

    Returns ``then``'s rows. Returns None when the rows were saved by the ORM instead (SQLite, prepared
    statements off, or an instance holding an expression such as a database default): ``then`` has not run,
    and the caller does its work the ordinary way.
    """
    if prepared_statements_enabled() and all(obj.pk is not None for obj in objs):
        db = connections[DEFAULT_DB_ALIAS]  # once: each use of the ``connection`` proxy is a lookup
        parts, params = [], []
        for obj in objs:
            sql, fields = _insert_sql(type(obj))
            values = [f.pre_save(obj, True) for f in fields]
            if any(hasattr(v, "resolve_expression") for v in values):
                break
            parts.append(sql)
            params.extend(f.get_db_prep_save(v, db) for f, v in zip(fields, values, strict=True))
        else:
            ctes = ", ".join(f"new_{n} AS ({part})" for n, part in enumerate(parts))
            with prepared_cursor() as cursor:
                cursor.execute(f"WITH {ctes} {then[0]}", [*params, *then[1]])
                rows = cursor.fetchall()
            for obj in objs:
                obj._state.adding = False
                obj._state.db = db.alias
            return rows
    for obj in objs:
        obj.save(force_insert=True)
    return None
