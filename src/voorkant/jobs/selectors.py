"""Reads about the queue: the beheerder's job list and the worker status /health reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from voorkant.jobs.models import Job, JobStatus, WorkerHeartbeat


@dataclass(frozen=True)
class WorkerHealth:
    """``state`` is 'ok', 'verouderd' (stale), or 'nooit gestart' (no worker has ever run here)."""

    state: str
    last_seen: datetime | None
    age_seconds: float | None
    healthy: bool


def worker_health() -> WorkerHealth:
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    if last_seen is None:
        # A fresh install before its first worker start: healthy only where a worker is not required
        # (WORKER_REQUIRED defaults to off with DEBUG, on in production).
        return WorkerHealth("nooit gestart", None, None, not settings.WORKER_REQUIRED)
    age = (timezone.now() - last_seen).total_seconds()
    stale = age > settings.WORKER_STALE_SECONDS
    return WorkerHealth("verouderd" if stale else "ok", last_seen, age, not stale)


def job_list(*, status: str | None = None) -> QuerySet[Job]:
    jobs = Job.objects.only(
        "id", "name", "status", "attempts", "max_attempts", "enqueued_at", "run_after", "finished_at"
    ).order_by("-id")
    if status in JobStatus.values:
        jobs = jobs.filter(status=status)
    return jobs


def job_status_counts() -> dict[str, int]:
    counts = dict(Job.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {value: counts.get(value, 0) for value in JobStatus.values}


def recent_workers() -> QuerySet[WorkerHeartbeat]:
    return WorkerHeartbeat.objects.filter(last_seen__gte=timezone.now() - timedelta(days=1))[:20]
