import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from voorkant.events.catalogue import EventType
from voorkant.events.services import DomainEvent, publish, subscriber, subscribers_of
from voorkant.jobs.models import Job, JobStatus

RECEIVED: list[DomainEvent] = []


@subscriber(EventType.KNOWLEDGE_PUBLISHED)
def count_question(event: DomainEvent) -> None:
    RECEIVED.append(event)


@subscriber(EventType.KNOWLEDGE_PUBLISHED)
def index_question(event: DomainEvent) -> None:
    RECEIVED.append(event)


@pytest.fixture(autouse=True)
def _clear():
    RECEIVED.clear()


@pytest.fixture
def run_worker():
    from voorkant.jobs.worker import Worker

    return lambda: Worker(
        exit_when_idle=True,
        handle_signals=False,
        run_schedules=False,
        heartbeat_seconds=3600,
        lease_seconds=7200,
    ).run()


def test_a_published_event_becomes_one_job_per_subscriber_after_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="q-1")
        assert not Job.objects.exists()
    names = sorted(Job.objects.values_list("name", flat=True))
    assert names == sorted(subscribers_of(EventType.KNOWLEDGE_PUBLISHED))
    assert len(names) == 2


def test_subscribers_receive_the_event_when_the_worker_runs(
    db, django_capture_on_commit_callbacks, run_worker
):
    with django_capture_on_commit_callbacks(execute=True):
        event_id = publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="q-1")
    run_worker()
    assert [e.data for e in RECEIVED] == [{"question_uuid": "q-1"}] * 2
    assert {e.id for e in RECEIVED} == {event_id}
    assert all(e.type == "knowledge.published" for e in RECEIVED)
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}


def test_nothing_is_published_when_the_change_rolls_back(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="q-1")
        raise RuntimeError("mislukt")
    assert not Job.objects.exists()


def test_an_event_without_subscribers_queues_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(EventType.CALL_COMPLETED, call_uuid="c-1")
    assert not Job.objects.exists()


def test_an_unknown_event_type_fails_loudly(db):
    with pytest.raises(ImproperlyConfigured):
        publish("vraag.geregistreerd")
    with pytest.raises(ImproperlyConfigured):
        subscriber("vraag.geregistreerd")


def test_event_data_must_travel_as_json(db):
    with pytest.raises(TypeError):
        publish(EventType.KNOWLEDGE_PUBLISHED, question=object())


def _job_inserts(statements: list[tuple[str, bool]]) -> list[bool]:
    """For each INSERT into jobs_job: whether it ran in autocommit mode (i.e. outside any transaction)."""
    return [autocommit for sql, autocommit in statements if "INSERT INTO jobs_job" in sql]


def _recording(statements: list[tuple[str, bool]]):
    def record(execute, sql, params, many, context):
        statements.append((sql, connection.get_autocommit()))
        return execute(sql, params, many, context)

    return connection.execute_wrapper(record)


@pytest.mark.django_db(transaction=True)
def test_subscriber_jobs_are_written_in_the_publishers_transaction_with_one_statement():
    statements: list[tuple[str, bool]] = []
    with _recording(statements), transaction.atomic():
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="q-1")
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="q-2")
        assert not Job.objects.exists()  # written just before the COMMIT, not at publish time
    # One INSERT for both events' jobs, sent while the transaction was still open: no commit of its own.
    assert _job_inserts(statements) == [False]
    payloads = [job.payload["data"] for job in Job.objects.order_by("id")]
    assert payloads == [{"question_uuid": "q-1"}] * 2 + [{"question_uuid": "q-2"}] * 2


@pytest.mark.django_db(transaction=True)
def test_an_event_published_in_a_rolled_back_savepoint_leaves_no_jobs():
    with transaction.atomic():
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="blijft")
        with pytest.raises(RuntimeError), transaction.atomic():
            publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="vervalt")
            raise RuntimeError("terugdraaien")
    assert {job.payload["data"]["question_uuid"] for job in Job.objects.all()} == {"blijft"}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_publishes_nothing_and_the_next_one_does():
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="vervalt")
        raise RuntimeError("terugdraaien")
    assert not Job.objects.exists()
    with transaction.atomic():
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="q-2")
    assert Job.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_insert_rolls_back_the_publishers_change(monkeypatch):
    from django.db import DatabaseError

    from voorkant.jobs import services as jobs
    from voorkant.jobs.models import JobLog

    def broken(rows):
        raise DatabaseError("schijf vol")

    monkeypatch.setattr(jobs, "_insert_chunk", broken)
    with pytest.raises(DatabaseError), transaction.atomic():
        JobLog.objects.create(job=Job.objects.create(name="tests.anders"), message="wijziging")
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="q-1")
    # The change and its events are one transaction: neither is stored without the other.
    assert not Job.objects.exists() and not JobLog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_jobs_are_inserted_at_once():
    statements: list[tuple[str, bool]] = []
    with _recording(statements):
        publish(EventType.KNOWLEDGE_PUBLISHED, question_uuid="q-1")
    assert _job_inserts(statements) == [True]
    assert Job.objects.count() == 2
