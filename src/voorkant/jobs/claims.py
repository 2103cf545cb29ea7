"""Claiming, finishing and recovering job rows. Each state change is one conditional UPDATE, so two
workers can never both own a job: the loser's UPDATE matches no row."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from voorkant.jobs.models import Job, JobLogLevel, JobStatus
from voorkant.jobs.services import job_log_write
from voorkant.jobs.transport import transport

_CLAIM_SQL = {
    # SKIP LOCKED lets concurrent workers each take different rows without waiting on one another.
    "postgresql": """
        UPDATE jobs_job SET status = 'running', locked_by = %s, started_at = %s, lease_expires_at = %s,
               attempts = attempts + 1
        WHERE id IN (
            SELECT id FROM jobs_job WHERE status = 'queued' AND run_after <= %s
            ORDER BY priority, run_after, id LIMIT %s FOR UPDATE SKIP LOCKED)
        RETURNING id, name, payload, attempts, max_attempts, priority
    """,
    # SQLite has one writer at a time (IMMEDIATE transactions), so the sub-select and the update cannot
    # interleave with another worker's; the repeated status condition keeps the statement safe regardless.
    "sqlite": """
        UPDATE jobs_job SET status = 'running', locked_by = %s, started_at = %s, lease_expires_at = %s,
               attempts = attempts + 1
        WHERE status = 'queued' AND id IN (
            SELECT id FROM jobs_job WHERE status = 'queued' AND run_after <= %s
            ORDER BY priority, run_after, id LIMIT %s)
        RETURNING id, name, payload, attempts, max_attempts, priority
    """,
}


# The same claim for ids handed over by a transport (Redis): still only rows that are queued and due.
_CLAIM_IDS_SQL = {
    "postgresql": """
        UPDATE jobs_job SET status = 'running', locked_by = %s, started_at = %s, lease_expires_at = %s,
               attempts = attempts + 1
        WHERE id IN (
            SELECT id FROM jobs_job WHERE id = ANY(%s) AND status = 'queued' AND run_after <= %s
            FOR UPDATE SKIP LOCKED)
        RETURNING id, name, payload, attempts, max_attempts, priority
    """,
    "sqlite": """
        UPDATE jobs_job SET status = 'running', locked_by = %s, started_at = %s, lease_expires_at = %s,
               attempts = attempts + 1
        WHERE status = 'queued' AND run_after <= %s AND id IN (SELECT value FROM json_each(%s))
        RETURNING id, name, payload, attempts, max_attempts, priority
    """,
}


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    name: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    priority: int = 100


def _db_datetime(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def claim_jobs(*, worker_id: str, limit: int, lease: timedelta) -> list[ClaimedJob]:
    """Move up to ``limit`` due jobs to running for this worker and return them in queue order."""
    now = timezone.now()
    sql = _CLAIM_SQL[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [worker_id, _db_datetime(now), _db_datetime(now + lease), _db_datetime(now), limit]
        )
        return _claimed(cursor.fetchall())


def claim_jobs_by_id(*, worker_id: str, job_ids: list[int], lease: timedelta) -> list[ClaimedJob]:
    """Claim the given jobs if they are still queued and due; ids that are not are skipped."""
    if not job_ids:
        return []
    now = timezone.now()
    sql = _CLAIM_IDS_SQL[connection.vendor]
    params: list = [worker_id, _db_datetime(now), _db_datetime(now + lease)]
    if connection.vendor == "postgresql":
        params += [list(job_ids), _db_datetime(now)]
    else:
        params += [_db_datetime(now), json.dumps(job_ids)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _claimed(cursor.fetchall())


def _claimed(rows) -> list[ClaimedJob]:
    claimed = []
    for job_id, name, payload, attempt, max_attempts, priority in rows:
        if isinstance(payload, str | bytes):
            payload = json.loads(payload)
        claimed.append(ClaimedJob(job_id, name, payload or {}, attempt, max_attempts, priority))
    claimed.sort(key=lambda job: job.id)
    return claimed


def mark_done(*, job_id: int, worker_id: str) -> bool:
    """Finish the job if this worker still owns it. False means the lease was lost: roll back the work."""
    updated = Job.objects.filter(pk=job_id, locked_by=worker_id, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE, finished_at=timezone.now(), locked_by="", lease_expires_at=None
    )
    return updated == 1


def mark_done_many(*, job_ids: list[int], worker_id: str) -> bool:
    """Finish a group of jobs with one UPDATE. False when this worker no longer owns every one of them (a
    lease was lost): the caller must then roll back the group's transaction."""
    if not job_ids:
        return True
    updated = Job.objects.filter(pk__in=job_ids, locked_by=worker_id, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE, finished_at=timezone.now(), locked_by="", lease_expires_at=None
    )
    return updated == len(job_ids)


def mark_failed_attempt(*, job: ClaimedJob, worker_id: str, error: str, retry_after: timedelta) -> str:
    """Record a failed attempt: queued again after ``retry_after``, or failed for good. Returns status."""
    final = job.attempt >= job.max_attempts
    status = JobStatus.FAILED if final else JobStatus.QUEUED
    now = timezone.now()
    updated = Job.objects.filter(pk=job.id, locked_by=worker_id, status=JobStatus.RUNNING).update(
        status=status,
        run_after=now if final else now + retry_after,
        finished_at=now if final else None,
        locked_by="",
        lease_expires_at=None,
        last_error=error[:4000],
    )
    if updated and not final:
        run_after = now + retry_after
        transaction.on_commit(lambda: transport().announce([(job.id, run_after, job.priority)]))
    if updated:
        when = "definitief mislukt" if final else f"nieuwe poging over {int(retry_after.total_seconds())} s"
        job_log_write(
            job_id=job.id,
            level=JobLogLevel.ERROR if final else JobLogLevel.WARNING,
            message=f"Poging {job.attempt} van {job.max_attempts} mislukt ({when}): {error}",
        )
    return status


def extend_leases(*, worker_id: str, lease: timedelta) -> int:
    return Job.objects.filter(status=JobStatus.RUNNING, locked_by=worker_id).update(
        lease_expires_at=timezone.now() + lease
    )


def release_jobs(*, jobs: list[ClaimedJob], worker_id: str) -> int:
    """Give claimed but unstarted jobs back on a graceful stop, without counting an attempt."""
    if not jobs:
        return 0
    released = Job.objects.filter(
        pk__in=[job.id for job in jobs], locked_by=worker_id, status=JobStatus.RUNNING
    ).update(status=JobStatus.QUEUED, attempts=F("attempts") - 1, locked_by="", lease_expires_at=None)
    now = timezone.now()
    transport().announce([(job.id, now, job.priority) for job in jobs])
    return released


def recover_expired(*, limit: int = 100) -> int:
    """Put jobs whose worker stopped renewing the lease back in the queue (or fail them when out of tries)."""
    now = timezone.now()
    expired = list(
        Job.objects.filter(status=JobStatus.RUNNING, lease_expires_at__lt=now).values_list(
            "id", "attempts", "max_attempts", "locked_by", "priority"
        )[:limit]
    )
    recovered = 0
    for job_id, attempts, max_attempts, owner, priority in expired:
        final = attempts >= max_attempts
        updated = Job.objects.filter(
            pk=job_id, status=JobStatus.RUNNING, locked_by=owner, lease_expires_at__lt=now
        ).update(
            status=JobStatus.FAILED if final else JobStatus.QUEUED,
            run_after=now,
            finished_at=now if final else None,
            locked_by="",
            lease_expires_at=None,
            last_error="Worker gestopt tijdens de taak (lease verlopen).",
        )
        if updated:
            recovered += 1
            if not final:
                transport().announce([(job_id, now, priority)])
            job_log_write(
                job_id=job_id,
                level=JobLogLevel.WARNING,
                message=f"Worker {owner} stopte tijdens poging {attempts}; "
                + ("geen pogingen meer over." if final else "taak staat weer in de wachtrij."),
            )
    return recovered
