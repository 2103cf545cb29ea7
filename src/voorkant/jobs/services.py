"""Putting jobs in the queue. Workers only ever see a job once the transaction that queued it has committed.

``enqueue`` inserts after the commit (one statement for all of a transaction's jobs).
``enqueue_in_transaction`` (domain events' subscriber jobs) writes the rows in the caller's own transaction,
just before its COMMIT: a transactional outbox, so a registration costs one commit (one WAL flush) instead of
two, and the jobs exist if and only if the change does.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from voorkant.jobs.context import current_job
from voorkant.jobs.models import Job, JobLog, JobLogLevel, JobStatus
from voorkant.jobs.registry import get_task
from voorkant.jobs.transport import transport

NOTIFY_CHANNEL = "voorkant_jobs"


class UnknownTaskError(LookupError):
    pass


def _check(name: str, payload: dict[str, Any]) -> None:
    if get_task(name) is None:
        raise UnknownTaskError(f"No job named {name!r} is registered.")
    # Fail in the caller, not later in the worker, when the payload cannot be stored as JSON.
    json.dumps(payload)


def _build(
    name: str,
    payload: dict[str, Any],
    *,
    run_after: datetime | None,
    priority: int | None,
    unique_key: str | None,
    max_attempts: int | None,
) -> Job:
    definition = get_task(name)
    now = timezone.now()
    return Job(
        name=name,
        payload=payload,
        status=JobStatus.QUEUED,
        priority=definition.priority if priority is None else priority,
        run_after=run_after or now,
        enqueued_at=now,
        unique_key=unique_key,
        max_attempts=max_attempts or definition.max_attempts,
    )


def wake_workers() -> None:
    """On PostgreSQL, wake idle workers at once (LISTEN/NOTIFY) instead of at their next poll."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {NOTIFY_CHANNEL}")


_COLUMNS = (
    "name, payload, status, priority, run_after, attempts, max_attempts, unique_key, enqueued_at, "
    "locked_by, last_error"
)


# Rows per INSERT statement: 7 parameters each stays far below SQLite's and PostgreSQL's parameter limits.
_INSERT_CHUNK = 1000


def _insert(jobs: list[Job], *, announce: bool = True) -> list[tuple[int, Any, int]]:
    """Insert the rows; returns (id, run_after, priority) of those inserted. With ``announce`` the transport
    hears of them once they are committed."""
    inserted = []
    for start in range(0, len(jobs), _INSERT_CHUNK):
        inserted += _insert_chunk(jobs[start : start + _INSERT_CHUNK])
    if announce:
        _announce(inserted)
    return inserted


def _insert_chunk(jobs: list[Job]) -> list[tuple[int, Any, int]]:
    """Insert job rows with one statement and wake the workers once.

    Rows whose ``unique_key`` already waits are skipped (ON CONFLICT DO NOTHING against the partial unique
    index). On PostgreSQL the statement also sends NOTIFY for each inserted row; the server delivers one
    notification per transaction, and none when nothing was inserted.
    """
    if not jobs:
        return []
    seen: set[str] = set()
    rows = []
    for job in jobs:
        if job.unique_key is not None:
            if job.unique_key in seen:
                continue
            seen.add(job.unique_key)
        rows.append(job)
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = []
    for job in rows:
        params += [
            job.name,
            json.dumps(job.payload),
            job.priority,
            adapt(job.run_after),
            job.max_attempts,
            job.unique_key,
            adapt(job.enqueued_at),
        ]
    if connection.vendor == "postgresql":
        values = ", ".join(["(%s, %s::jsonb, 'queued', %s, %s, 0, %s, %s, %s, '', '')"] * len(rows))
        sql = (
            f"WITH inserted AS (INSERT INTO jobs_job ({_COLUMNS}) VALUES {values} "  # noqa: S608 - placeholders only
            f"ON CONFLICT DO NOTHING RETURNING id, run_after, priority) "
            f"SELECT id, run_after, priority, pg_notify('{NOTIFY_CHANNEL}', '') FROM inserted"
        )
    else:
        values = ", ".join(["(%s, %s, 'queued', %s, %s, 0, %s, %s, %s, '', '')"] * len(rows))
        sql = (
            f"INSERT INTO jobs_job ({_COLUMNS}) VALUES {values} "  # noqa: S608 - placeholders only
            "ON CONFLICT DO NOTHING RETURNING id, run_after, priority"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], row[1], row[2]) for row in cursor.fetchall()]


def _announce(inserted: list[tuple[int, Any, int]]) -> None:
    """Tell the transport about inserted rows, but never before they are committed: a Redis worker that
    popped the id of an uncommitted row would find nothing to claim and the job would wait for the sweep."""
    if not inserted or not transport().uses_redis:
        return
    if connection.in_atomic_block:
        transaction.on_commit(lambda: transport().announce(inserted))
    else:
        transport().announce(inserted)


def enqueue_now(
    name: str,
    *,
    payload: dict[str, Any] | None = None,
    run_after: datetime | None = None,
    priority: int | None = None,
    unique_key: str | None = None,
    max_attempts: int | None = None,
) -> None:
    """Insert the job row right away. Use ``enqueue`` from services; this is for the after-commit hook,
    the scheduler and bulk loaders that run outside a business transaction.

    With a ``unique_key`` the insert is skipped when a queued job with that key already exists.
    """
    payload = payload or {}
    _check(name, payload)
    job = _build(
        name,
        payload,
        run_after=run_after,
        priority=priority,
        unique_key=unique_key,
        max_attempts=max_attempts,
    )
    _insert_or_collect(job)


def enqueue_now_many(jobs: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Insert several (name, payload) jobs right away with one statement (events with several
    subscribers)."""
    built = []
    for name, payload in jobs:
        _check(name, payload)
        built.append(_build(name, payload, run_after=None, priority=None, unique_key=None, max_attempts=None))
    pending = getattr(_collector, "jobs", None)
    if pending is not None:
        pending.extend(built)
    else:
        _insert(built)


class _OutboxJobs:
    """Jobs waiting to be written in their transaction, kept as a commit hook so that Django's own savepoint
    bookkeeping drops them when the savepoint they were queued in rolls back.

    The wrapped ``commit`` (``_write_outbox_before_commit``) takes these hooks out and inserts their rows just
    before the COMMIT. Called as an ordinary commit hook instead (a commit that did not pass through the
    wrapper, such as a test's captured callbacks), it inserts them then: later, but still only after commit.
    """

    __slots__ = ("jobs",)

    def __init__(self, jobs: list[Job]) -> None:
        self.jobs = jobs

    def __call__(self) -> None:
        pending = getattr(_collector, "jobs", None)
        if pending is not None:
            pending.extend(self.jobs)
        else:
            _insert(self.jobs)


def _write_outbox_before_commit() -> None:
    """Wrap this thread's connection's ``commit`` once so that waiting outbox jobs are inserted, with one
    statement, inside the transaction right before it commits.

    ``Atomic.__exit__`` calls ``connection.commit()`` for the outermost block, after ``in_atomic_block`` is
    already False but while the database transaction is still open; a failing insert there makes Django roll
    the whole transaction back and raise, like any failing write of the action. On PostgreSQL the insert's
    NOTIFY is delivered by the server at commit, so LISTENing workers wake only for committed rows.
    """
    if getattr(connection, "_voorkant_writes_outbox", False):
        return
    commit = connection.commit

    def commit_with_outbox() -> None:
        hooks = connection.run_on_commit
        outbox = [hook for _sids, hook, _robust in hooks if isinstance(hook, _OutboxJobs)]
        inserted: list[tuple[int, Any, int]] = []
        if outbox:
            connection.run_on_commit = [entry for entry in hooks if not isinstance(entry[1], _OutboxJobs)]
            inserted = _insert([job for hook in outbox for job in hook.jobs], announce=False)
        commit()
        if inserted and transport().uses_redis:
            transport().announce(inserted)

    connection.commit = commit_with_outbox
    connection._voorkant_writes_outbox = True


def enqueue_in_transaction(jobs: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Write several (name, payload) jobs in the current transaction, just before it commits (an outbox).

    Workers see them only once the transaction commits (the Redis transport is told after the commit); a
    rollback, or the rollback of the savepoint they were queued in, drops them. All of a transaction's outbox
    jobs go in one INSERT. Outside a transaction they are inserted at once. Not for jobs with a
    ``unique_key``: an uncommitted row in the unique index would make another transaction queuing the same
    key wait for this one to end.
    """
    built = []
    for name, payload in jobs:
        _check(name, payload)
        built.append(_build(name, payload, run_after=None, priority=None, unique_key=None, max_attempts=None))
    if not built:
        return
    if not connection.in_atomic_block:
        _insert(built)
        return
    _write_outbox_before_commit()
    transaction.on_commit(_OutboxJobs(built))


# After-commit inserts are collected while the commit hooks of one transaction run, then inserted with one
# statement (and one NOTIFY): a transaction that queues ten jobs costs one round trip, not ten.
_collector = threading.local()


def _insert_or_collect(job: Job) -> None:
    pending = getattr(_collector, "jobs", None)
    if pending is not None:
        pending.append(job)
    else:
        _insert([job])


def collect_commit_hook_enqueues() -> None:
    """Wrap this thread's connection's commit-hook runner once, so the hooks' inserts are collected.

    Django runs ``on_commit`` callbacks one by one after the commit and drops those of rolled-back savepoints
    itself; wrapping the runner keeps that bookkeeping and only changes when the rows are written.
    """
    if getattr(connection, "_voorkant_collects_jobs", False):
        return
    run_hooks = connection.run_and_clear_commit_hooks

    def run_and_clear_commit_hooks() -> None:
        outermost = getattr(_collector, "jobs", None) is None
        if outermost:
            _collector.jobs = []
        try:
            run_hooks()
        finally:
            if outermost:
                pending, _collector.jobs = _collector.jobs, None
                _insert(pending)

    connection.run_and_clear_commit_hooks = run_and_clear_commit_hooks
    connection._voorkant_collects_jobs = True


def enqueue(
    name: str,
    *,
    payload: dict[str, Any] | None = None,
    delay: timedelta | None = None,
    priority: int | None = None,
    unique_key: str | None = None,
    max_attempts: int | None = None,
) -> None:
    """Queue job ``name`` once the current transaction commits; nothing is queued when it rolls back.

    The payload must be JSON (identifiers, not personal data). Outside a transaction it is queued at once.
    All jobs a transaction queues are inserted together, with one statement, right after its commit.
    """
    payload = payload or {}
    _check(name, payload)
    if _deferred is not None and unique_key is not None and not payload and delay is None and current_job():
        # Inside a worker, a wake-up job such as the outbox sender is queued once per batch of jobs instead
        # of once per job; the periodic run of such jobs covers a worker that dies before its flush.
        key, sink = (name, unique_key, priority, max_attempts), _deferred
        transaction.on_commit(lambda: sink.add(key))
        return

    def insert() -> None:
        run_after = timezone.now() + delay if delay else None
        enqueue_now(
            name,
            payload=payload,
            run_after=run_after,
            priority=priority,
            unique_key=unique_key,
            max_attempts=max_attempts,
        )

    if connection.in_atomic_block:
        collect_commit_hook_enqueues()
    transaction.on_commit(insert)


_deferred: set[tuple[str, str, int | None, int | None]] | None = None


def defer_unique_enqueues() -> None:
    """Called by the worker: from now on, payload-free unique jobs wait for ``flush_deferred_enqueues``."""
    global _deferred
    _deferred = set()


def stop_deferring() -> None:
    global _deferred
    flush_deferred_enqueues()
    _deferred = None


def flush_deferred_enqueues() -> None:
    if not _deferred:
        return
    pending = list(_deferred)
    _deferred.clear()
    _insert(
        [
            _build(
                name, {}, run_after=None, priority=priority, unique_key=unique_key, max_attempts=max_attempts
            )
            for name, unique_key, priority, max_attempts in pending
        ]
    )


def enqueue_many(name: str, *, payloads: Iterable[dict[str, Any]], batch_size: int = 1000) -> int:
    """Insert many jobs in bulk, right away (imports, benchmarks). Returns how many were queued."""
    jobs = []
    for payload in payloads:
        _check(name, payload)
        jobs.append(_build(name, payload, run_after=None, priority=None, unique_key=None, max_attempts=None))
    created = Job.objects.bulk_create(jobs, batch_size=batch_size)
    wake_workers()
    _announce([(job.pk, job.run_after, job.priority) for job in created if job.pk is not None])
    return len(jobs)


def job_log_write(*, job_id: int, message: str, level: str = JobLogLevel.INFO) -> None:
    JobLog.objects.create(job_id=job_id, at=timezone.now(), level=level, message=message[:4000])


def retry_delay(attempt: int) -> timedelta:
    """Exponential back-off after failed attempt ``attempt`` (1-based), capped."""
    base = settings.JOBS_RETRY_BASE_SECONDS
    cap = settings.JOBS_RETRY_MAX_SECONDS
    return timedelta(seconds=min(cap, base * (2 ** max(0, attempt - 1))))


@transaction.atomic
def job_retry(*, job: Job, user) -> Job:
    """Put a failed job back in the queue on the beheerder's request, with a fresh set of attempts."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        return job
    job.status = JobStatus.QUEUED
    job.run_after = timezone.now()
    job.attempts = 0
    job.locked_by = ""
    job.lease_expires_at = None
    job.save(update_fields=["status", "run_after", "attempts", "locked_by", "lease_expires_at"])
    job_log_write(job_id=job.pk, message=f"Opnieuw in de wachtrij gezet door {user.get_username()}.")
    transaction.on_commit(lambda: _announce_existing(job))
    return job


def _announce_existing(job: Job) -> None:
    wake_workers()
    transport().announce([(job.pk, job.run_after, job.priority)])
