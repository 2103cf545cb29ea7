"""Fixed hot statements run as server-side prepared statements on PostgreSQL (voorkant.core.prepared)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from voorkant.core.prepared import insert_new_rows, prepared_cursor

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


def _two_conversations(channel_code: str):
    from voorkant.contacts.models import Channel, Conversation

    channel, _ = Channel.objects.get_or_create(code=channel_code, defaults={"name": channel_code.title()})
    now = timezone.now()
    first = Conversation(channel=channel, started_at=now, ended_at=now)
    second = Conversation(channel=channel, started_at=now, ended_at=now)
    if connection.vendor == "postgresql":  # ids first, as the API's create takes them
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('contacts_conversation', 'id'))"
                " FROM generate_series(1, 2)"
            )
            first.pk, second.pk = (row[0] for row in cursor.fetchall())
    return channel, first, second


@pytest.mark.django_db
def test_new_rows_and_the_statement_after_them_in_one_go():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from voorkant.contacts.models import Conversation

    channel, first, second = _two_conversations("eenmaal")
    with CaptureQueriesContext(connection) as queries:
        count = ("SELECT count(*) FROM contacts_conversation WHERE channel_id = %s", [channel.pk])
        rows = insert_new_rows(first, second, then=count)
    assert len(queries.captured_queries) == 1
    # The statement after the inserts does not see them (one snapshot for the whole statement).
    assert rows == [(0,)]
    stored = Conversation.objects.filter(channel=channel).order_by("pk")
    assert [c.pk for c in stored] == [first.pk, second.pk]
    assert stored[0].registered_at is not None and stored[0].uuid == first.uuid  # auto_now_add, default
    assert not first._state.adding


@pytest.mark.django_db
def test_without_prepared_statements_the_orm_saves_them_and_the_caller_does_the_rest(settings):
    from voorkant.contacts.models import Conversation

    settings.DATABASE_PREPARED_STATEMENTS = False
    channel, first, second = _two_conversations("tweemaal")
    rows = insert_new_rows(first, second, then=("SELECT 1", []))
    assert rows is None
    assert Conversation.objects.filter(channel=channel).count() == 2


@pytest.mark.django_db
def test_other_server_binding_cursors_are_not_prepared():
    # The telephony store binds on the server too; its statements must keep their custom plans.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    import psycopg

    connection.ensure_connection()
    for a in range(8):
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(STATEMENT, {"a": a, "b": 1})
    assert _prepared_probes() == 0
