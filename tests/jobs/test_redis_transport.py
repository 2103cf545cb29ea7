"""The Redis job transport (JOBS_TRANSPORT=redis) against a real Redis; skipped when none is reachable.

Each test uses its own key prefix, so test runs and a developer's own Redis data do not meet.
"""

import os
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.jobs import support_tasks
from tests.processes import process_env, start_worker, stop, wait_for
from voorkant.jobs.claims import claim_jobs_by_id
from voorkant.jobs.models import Job, JobStatus
from voorkant.jobs.services import enqueue_now
from voorkant.jobs.transport import RedisTransport, transport
from voorkant.jobs.worker import Worker

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SKIP_REASON = "Redis-transport niet getest: geen Redis op {url} ({error}); zet TEST_REDIS_URL"


def _redis_or_skip():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure to reach Redis means: skip, and say why
        pytest.skip(SKIP_REASON.format(url=REDIS_URL, error=type(exc).__name__))
    return client


@pytest.fixture
def redis_transport(settings) -> RedisTransport:
    _redis_or_skip()
    settings.JOBS_TRANSPORT = "redis"
    settings.REDIS_URL = REDIS_URL
    settings.JOBS_REDIS_PREFIX = f"voorkant-test:{uuid.uuid4().hex}"
    channel = transport()
    assert isinstance(channel, RedisTransport)
    yield channel
    channel.clear()


@pytest.fixture(autouse=True)
def _clear_calls():
    support_tasks.CALLS.clear()


def _ready(channel: RedisTransport) -> list[int]:
    return [int(i) for i in channel.client.zrange(channel.ready_key, 0, -1)]


# Under the ``db`` fixture each test is one transaction that never commits; Redis hears of a job only after
# its commit, so these tests run the commit hooks (django_capture_on_commit_callbacks) as the commit would.


def test_an_enqueued_job_is_handed_to_the_workers_through_redis(
    db, redis_transport, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_now("tests.record", payload={"n": 1})
    job = Job.objects.get()
    assert _ready(redis_transport) == [job.pk]

    worker = Worker(handle_signals=False, run_schedules=False)
    worker._next_sweep = float("inf")  # no database sweep: the id can only come from Redis
    [claimed] = worker._claim()
    assert claimed.id == job.pk
    assert _ready(redis_transport) == []
    assert Job.objects.get().status == JobStatus.RUNNING


def test_redis_hands_out_jobs_by_priority_then_queue_order(
    db, redis_transport, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_now("tests.record", payload={"n": 1})
        enqueue_now("tests.record", payload={"n": 2})
        enqueue_now("tests.record", payload={"n": 3}, priority=50)
    first, second, urgent = Job.objects.order_by("id").values_list("id", flat=True)
    assert redis_transport.take(10) == [urgent, first, second]


def test_a_delayed_job_waits_in_redis_until_it_is_due(
    db, redis_transport, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_now("tests.record", run_after=timezone.now() + timedelta(minutes=5))
    job = Job.objects.get()
    assert _ready(redis_transport) == []
    assert redis_transport.client.zscore(redis_transport.delayed_key, f"{job.pk}:{job.priority}") is not None
    assert redis_transport.take(10) == []  # not due yet

    Job.objects.update(run_after=timezone.now())
    redis_transport.client.zadd(redis_transport.delayed_key, {f"{job.pk}:{job.priority}": 0})  # due now
    assert redis_transport.take(10) == [job.pk]


def test_a_failed_attempt_is_handed_back_through_redis_for_its_retry(
    db, redis_transport, run_worker, django_capture_on_commit_callbacks
):
    enqueue_now("tests.fail")
    redis_transport.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    score = redis_transport.client.zscore(redis_transport.delayed_key, f"{job.pk}:{job.priority}")
    assert score == pytest.approx(job.run_after.timestamp(), abs=1)


def test_a_job_whose_id_redis_lost_is_still_run_from_the_database(db, redis_transport, run_worker):
    enqueue_now("tests.record", payload={"n": 2})
    redis_transport.clear()  # e.g. Redis restarted without persistence
    assert run_worker() == 1
    assert Job.objects.get().status == JobStatus.DONE
    assert support_tasks.CALLS == [{"n": 2}]


def test_a_stale_id_from_redis_claims_nothing(db, redis_transport, run_worker):
    enqueue_now("tests.record", payload={"n": 3})
    job = Job.objects.get()
    run_worker()
    assert claim_jobs_by_id(worker_id="w", job_ids=[job.pk], lease=timedelta(seconds=60)) == []
    assert Job.objects.get().status == JobStatus.DONE


def test_a_job_is_still_queued_when_redis_is_unreachable(db, settings):
    settings.JOBS_TRANSPORT = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.JOBS_REDIS_PREFIX = f"voorkant-test:{uuid.uuid4().hex}"
    enqueue_now("tests.record", payload={"n": 4})
    assert Job.objects.get().status == JobStatus.QUEUED
    worker = Worker(handle_signals=False, run_schedules=False, exit_when_idle=True, heartbeat_seconds=3600)
    assert worker.run() == 1


def test_a_waiting_worker_process_wakes_through_redis(transactional_db, redis_transport):
    env = process_env(
        JOBS_TASK_MODULES="tests.jobs.support_tasks",
        JOBS_TRANSPORT="redis",
        REDIS_URL=REDIS_URL,
        JOBS_REDIS_PREFIX=redis_transport.ready_key.rsplit(":", 1)[0],
        JOBS_POLL_SECONDS="30",  # neither polling nor the sweep could find the job within the wait below
        JOBS_REDIS_SWEEP_SECONDS="600",
    )
    worker = start_worker(env, "--no-schedules")
    try:
        # The worker has swept the database once at start and now blocks on the Redis list.
        wait_for(
            lambda: any(
                client.get("cmd") == "bzpopmin" and client.get("db") == "15"
                for client in redis_transport.client.client_list()
            ),
            timeout=60,
            message="the worker to wait on Redis",
        )
        enqueue_now("tests.record", payload={"n": 5})
        wait_for(
            lambda: Job.objects.filter(status=JobStatus.DONE).exists(),
            timeout=20,
            message="the worker to run the job handed over through Redis",
        )
    finally:
        stop(worker)
    assert worker.returncode == 0


def test_outbox_jobs_reach_redis_only_after_their_transaction_commits(transactional_db, redis_transport):
    from django.db import transaction

    from voorkant.jobs.services import enqueue_in_transaction

    with transaction.atomic():
        enqueue_in_transaction([("tests.record", {"n": 1}), ("tests.record", {"n": 2})])
        assert _ready(redis_transport) == []
    assert _ready(redis_transport) == list(Job.objects.order_by("id").values_list("id", flat=True))
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_in_transaction([("tests.record", {"n": 3})])
        raise RuntimeError("terugdraaien")
    assert len(_ready(redis_transport)) == 2 == Job.objects.count()


def test_a_job_inserted_inside_a_transaction_is_announced_after_its_commit(transactional_db, redis_transport):
    from django.db import transaction

    with transaction.atomic():
        enqueue_now("tests.record", payload={"n": 1})
        assert _ready(redis_transport) == []  # a worker popping it now would find no committed row
    assert _ready(redis_transport) == [Job.objects.get().pk]
