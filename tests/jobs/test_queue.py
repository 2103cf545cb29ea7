from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from tests.jobs import support_tasks
from voorkant.jobs.claims import claim_jobs, mark_done, recover_expired
from voorkant.jobs.models import Job, JobLog, JobStatus, Schedule
from voorkant.jobs.services import UnknownTaskError, enqueue, enqueue_now
from voorkant.jobs.worker import Worker
from voorkant.privacy.models import Channel, ProcessingLogRecord


@pytest.fixture(autouse=True)
def _clear_calls():
    support_tasks.CALLS.clear()


def test_enqueue_waits_for_the_transaction_to_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue("tests.record", payload={"n": 1})
        assert not Job.objects.exists()
    job = Job.objects.get()
    assert (job.name, job.payload, job.status) == ("tests.record", {"n": 1}, JobStatus.QUEUED)


def test_nothing_is_enqueued_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue("tests.record", payload={"n": 1})
        raise RuntimeError("terugdraaien")
    assert not Job.objects.exists()


def test_enqueue_refuses_an_unknown_job_name(db):
    with pytest.raises(UnknownTaskError):
        enqueue("bestaat.niet")


def test_worker_runs_a_job_and_marks_it_done(db, run_worker):
    enqueue_now("tests.record", payload={"n": 7})
    assert run_worker() == 1
    job = Job.objects.get()
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    assert job.finished_at is not None
    assert support_tasks.CALLS == [{"n": 7}]


def test_unique_key_keeps_one_waiting_job(db):
    enqueue_now("tests.record", unique_key="een")
    enqueue_now("tests.record", unique_key="een")
    assert Job.objects.count() == 1


def test_a_failing_job_is_retried_later_with_back_off(db, run_worker, settings):
    settings.JOBS_RETRY_BASE_SECONDS = 30
    enqueue_now("tests.fail")
    before = timezone.now()
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1
    assert job.run_after >= before + timedelta(seconds=30)
    assert "ValueError: bewust mislukt" in job.last_error
    assert JobLog.objects.filter(job=job, level="warning").count() == 1


def test_a_job_out_of_attempts_fails_for_good(db, run_worker):
    enqueue_now("tests.fail")
    run_worker()
    Job.objects.update(run_after=timezone.now())  # skip the back-off wait
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.attempts == 2
    assert JobLog.objects.filter(job=job, level="error").exists()


def test_a_claimed_job_cannot_be_claimed_by_a_second_worker(db):
    enqueue_now("tests.record")
    first = claim_jobs(worker_id="a", limit=10, lease=timedelta(seconds=60))
    second = claim_jobs(worker_id="b", limit=10, lease=timedelta(seconds=60))
    assert [j.name for j in first] == ["tests.record"]
    assert second == []
    assert Job.objects.get().locked_by == "a"


def test_jobs_not_yet_due_are_not_claimed(db):
    enqueue_now("tests.record", run_after=timezone.now() + timedelta(minutes=5))
    assert claim_jobs(worker_id="a", limit=10, lease=timedelta(seconds=60)) == []


def test_a_job_of_a_dead_worker_returns_to_the_queue_after_its_lease(db):
    enqueue_now("tests.record")
    claim_jobs(worker_id="dood", limit=1, lease=timedelta(seconds=60))
    Job.objects.update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert recover_expired() == 1
    job = Job.objects.get()
    assert (job.status, job.locked_by, job.attempts) == (JobStatus.QUEUED, "", 1)
    assert "dood" in JobLog.objects.get(job=job).message


def test_finishing_fails_for_a_worker_that_lost_its_lease(db):
    enqueue_now("tests.record")
    [job] = claim_jobs(worker_id="a", limit=1, lease=timedelta(seconds=60))
    Job.objects.update(locked_by="b")  # recovered and claimed again by worker b
    assert mark_done(job_id=job.id, worker_id="a") is False
    assert mark_done(job_id=job.id, worker_id="b") is True


def test_work_of_a_job_whose_lease_was_lost_is_rolled_back(db, run_worker):
    from voorkant.jobs.registry import task

    @task("tests.lease_lost")
    def lease_lost():
        JobLog.objects.create(
            job=Job.objects.get(name="tests.lease_lost"), at=timezone.now(), message="effect"
        )

    enqueue_now("tests.lease_lost")
    with (
        mock.patch("voorkant.jobs.worker.mark_done", return_value=False),
        mock.patch("voorkant.jobs.worker.mark_done_many", return_value=False),
    ):
        run_worker()
    assert not JobLog.objects.filter(message="effect").exists()
    assert Job.objects.get().status == JobStatus.RUNNING  # left for lease recovery


def test_a_periodic_job_is_enqueued_once_per_interval_by_competing_workers(db):
    first, second = Worker(handle_signals=False), Worker(handle_signals=False)
    first._sync_schedules()
    second._sync_schedules()
    first._enqueue_due_schedules()
    second._enqueue_due_schedules()
    prune = Schedule.objects.get(task_name="jobs.prune")
    assert prune.next_run_at > timezone.now() + timedelta(minutes=50)
    assert Job.objects.filter(name="jobs.prune").count() == 1


def test_a_switched_off_schedule_enqueues_nothing(db):
    worker = Worker(handle_signals=False)
    worker._sync_schedules()
    Schedule.objects.update(is_enabled=False)
    worker._enqueue_due_schedules()
    assert not Job.objects.exists()


def test_a_job_writes_the_processing_log_as_the_system_actor(db, run_worker):
    from voorkant.organisation.models import Actor, ActorKind

    enqueue_now("tests.log_processing", payload={"party_uuid": "5f1c-test"})
    run_worker()
    record = ProcessingLogRecord.objects.get()
    job = Job.objects.get()
    assert record.channel == Channel.JOB
    assert record.user is None
    assert record.actor_label == f"Voorkant taakverwerker (tests.log_processing #{job.pk})"
    assert record.subject_count == 1
    assert Actor.objects.get(system_code="taakverwerker").kind == ActorKind.SYSTEM


def test_old_finished_jobs_are_pruned(db, run_worker, settings):
    settings.JOBS_KEEP_DONE_DAYS = 7
    enqueue_now("tests.record")
    run_worker()
    Job.objects.update(finished_at=timezone.now() - timedelta(days=8))
    enqueue_now("jobs.prune")
    run_worker()
    assert list(Job.objects.values_list("name", flat=True)) == ["jobs.prune"]


def test_wake_up_jobs_queued_by_jobs_are_coalesced_per_batch(transactional_db, run_worker):
    from voorkant.jobs.registry import task
    from voorkant.jobs.services import enqueue

    @task("tests.kicks")
    def kicks():
        enqueue("tests.record", unique_key="wek-op")

    for _ in range(3):
        enqueue_now("tests.kicks")
    run_worker()
    assert Job.objects.filter(name="tests.record", unique_key="wek-op").count() == 1
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}


def test_a_failing_job_does_not_undo_the_work_of_the_other_jobs_in_its_batch(db, run_worker):
    enqueue_now("tests.log_processing", payload={"party_uuid": "eerste"})
    enqueue_now("tests.fail")
    enqueue_now("tests.log_processing", payload={"party_uuid": "tweede"})
    run_worker()
    statuses = dict(Job.objects.values_list("name", "status").filter(name="tests.fail"))
    assert statuses == {"tests.fail": JobStatus.QUEUED}  # waiting for its retry
    assert Job.objects.filter(name="tests.log_processing", status=JobStatus.DONE).count() == 2
    assert ProcessingLogRecord.objects.count() == 2  # each job's database work exactly once
    assert JobLog.objects.filter(job__name="tests.fail", level="warning").count() == 1


def test_a_batch_of_jobs_is_marked_done_with_one_update(db, run_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def done_marks(jobs: int) -> int:
        for n in range(jobs):
            enqueue_now("tests.record", payload={"n": n})
        with CaptureQueriesContext(connection) as queries:
            run_worker(batch_size=20)
        return sum(
            1 for q in queries if q["sql"].startswith('UPDATE "jobs_job" SET "status"') and "done" in q["sql"]
        )

    assert done_marks(1) == done_marks(15) == 1
    assert Job.objects.filter(status=JobStatus.DONE).count() == 16


def test_the_jobs_of_one_transaction_are_inserted_with_one_statement(transactional_db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for n in range(5):
            enqueue("tests.record", payload={"n": n})
        enqueue("tests.record", unique_key="een-keer")
        enqueue("tests.record", unique_key="een-keer")
    inserts = [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT INTO JOBS_JOB", "WITH"))]
    assert len(inserts) == 1
    numbers = [job.payload.get("n") for job in Job.objects.filter(unique_key=None).order_by("id")]
    assert numbers == [0, 1, 2, 3, 4]
    assert Job.objects.filter(unique_key="een-keer").count() == 1


def test_a_job_queued_in_a_rolled_back_savepoint_is_not_inserted(transactional_db):
    with transaction.atomic():
        enqueue("tests.record", payload={"n": 1})
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue("tests.record", payload={"n": 2})
            raise RuntimeError("terugdraaien")
    assert list(Job.objects.values_list("payload", flat=True)) == [{"n": 1}]
