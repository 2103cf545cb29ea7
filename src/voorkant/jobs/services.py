"""Putting jobs in the queue. Every enqueue waits for the surrounding transaction to commit."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from voorkant.jobs.models import Job, JobLog, JobLogLevel, JobStatus
from voorkant.jobs.registry import get_task

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


_PG_INSERT = """
    WITH inserted AS (
        INSERT INTO jobs_job (name, payload, status, priority, run_after, attempts, max_attempts, unique_key,
                              enqueued_at, locked_by, last_error)
        VALUES (%s, %s::jsonb, 'queued', %s, %s, 0, %s, %s, %s, '', '')
        ON CONFLICT DO NOTHING
        RETURNING id)
    SELECT pg_notify('voorkant_jobs', '') FROM inserted
"""


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
    if connection.vendor == "postgresql":
        # Insert and wake the workers in one round trip, and wake them only when a row was really added.
        with connection.cursor() as cursor:
            cursor.execute(
                _PG_INSERT,
                [
                    job.name,
                    json.dumps(job.payload),
                    job.priority,
                    job.run_after,
                    job.max_attempts,
                    job.unique_key,
                    job.enqueued_at,
                ],
            )
        return
    Job.objects.bulk_create([job], ignore_conflicts=unique_key is not None)


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
    """
    payload = payload or {}
    _check(name, payload)

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

    transaction.on_commit(insert)


def enqueue_many(name: str, *, payloads: Iterable[dict[str, Any]], batch_size: int = 1000) -> int:
    """Insert many jobs in bulk, right away (imports, benchmarks). Returns how many were queued."""
    jobs = []
    for payload in payloads:
        _check(name, payload)
        jobs.append(_build(name, payload, run_after=None, priority=None, unique_key=None, max_attempts=None))
    Job.objects.bulk_create(jobs, batch_size=batch_size)
    wake_workers()
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
    transaction.on_commit(wake_workers)
    return job
