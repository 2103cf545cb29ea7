import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from voorkant.events.catalogue import EventType
from voorkant.events.services import DomainEvent, publish, subscriber, subscribers_of
from voorkant.jobs.models import Job, JobStatus

RECEIVED: list[DomainEvent] = []


@subscriber(EventType.QUESTION_REGISTERED)
def count_question(event: DomainEvent) -> None:
    RECEIVED.append(event)


@subscriber(EventType.QUESTION_REGISTERED)
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
        publish(EventType.QUESTION_REGISTERED, question_uuid="q-1")
        assert not Job.objects.exists()
    names = sorted(Job.objects.values_list("name", flat=True))
    assert names == sorted(subscribers_of(EventType.QUESTION_REGISTERED))
    assert len(names) == 2


def test_subscribers_receive_the_event_when_the_worker_runs(
    db, django_capture_on_commit_callbacks, run_worker
):
    with django_capture_on_commit_callbacks(execute=True):
        event_id = publish(EventType.QUESTION_REGISTERED, question_uuid="q-1")
    run_worker()
    assert [e.data for e in RECEIVED] == [{"question_uuid": "q-1"}] * 2
    assert {e.id for e in RECEIVED} == {event_id}
    assert all(e.type == "question.registered" for e in RECEIVED)
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}


def test_nothing_is_published_when_the_change_rolls_back(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        publish(EventType.QUESTION_REGISTERED, question_uuid="q-1")
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
        publish(EventType.QUESTION_REGISTERED, question=object())
