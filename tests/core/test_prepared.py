"""Fixed hot statements run as server-side prepared statements on PostgreSQL (voorkant.core.prepared)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voorkant.core.prepared import prepared_cursor

STATEMENT = "SELECT CAST(%(a)s AS integer) + CAST(%(b)s AS integer) AS voorkant_prepared_probe"


def _prepared_probes() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%voorkant_prepared_probe%"],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_statement_is_prepared_once_and_answers_with_its_parameters():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL only")
    answers = []
    for a in range(3):
        with prepared_cursor() as cursor:
            cursor.execute(STATEMENT, {"a": a, "b": 10})
            answers.append(cursor.fetchone()[0])
    assert answers == [10, 11, 12]
    assert _prepared_probes() == 1


@pytest.mark.django_db
def test_prepared_statements_keep_one_generic_plan():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"


@pytest.mark.django_db
def test_statements_are_logged_like_any_other():
    # The locked query counts of the API's lists count these statements too.
    with CaptureQueriesContext(connection) as queries, prepared_cursor() as cursor:
        cursor.execute(STATEMENT, {"a": 1, "b": 2})
        assert cursor.fetchone()[0] == 3
    assert len(queries.captured_queries) == 1


@pytest.mark.django_db
def test_switched_off_the_statement_runs_unprepared(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, {"a": 4, "b": 5})
        assert cursor.fetchone()[0] == 9
    if connection.vendor == "postgresql":
        assert _prepared_probes() == 0
