"""Server-side prepared statements for a few fixed, hot statements (PostgreSQL).

Django's psycopg cursors bind parameters on the client: every statement reaches PostgreSQL as new text and is
parsed and planned again. For the API's page of klantcontacten that planning cost about 0.65 ms of database
CPU per request, a fifth of the statement. ``prepared_cursor()`` gives a cursor that binds on the server;
psycopg prepares each statement on its first execution on a connection and afterwards only executes it.

Only statements written out in our code go through it (a handful of shapes per connection; psycopg keeps at
most 100 per connection). Every PostgreSQL connection starts with ``prepare_threshold=0`` (psycopg prepares
a server-binding cursor's statement on its first execution; Django's own cursors bind on the client and are
never prepared) and ``plan_cache_mode = force_generic_plan``, which only concerns prepared statements, so only
these: each is planned once, and each is written so that its one plan is the right one whatever the
parameters (the page size is part of the text; offset and filter values are parameters; tests read the plans).
Both are set in ``settings.DATABASES`` when the connection opens, so no transaction can undo them.

``DATABASE_PREPARED_STATEMENTS=false`` turns this off, e.g. behind PgBouncer in transaction mode before
version 1.21, which cannot keep a connection's prepared statements; the statements then run as any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


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
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection._prepare_cursor(psycopg.Cursor(connection.connection))
    with cursor:
        yield cursor
