"""The job queue's own housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from voorkant.jobs.models import Job, JobStatus, WorkerHeartbeat
from voorkant.jobs.registry import task


@task("jobs.prune", every=timedelta(hours=1), max_attempts=3)
def prune() -> None:
    """Remove finished jobs after JOBS_KEEP_DONE_DAYS and failed ones after JOBS_KEEP_FAILED_DAYS."""
    now = timezone.now()
    Job.objects.filter(
        status=JobStatus.DONE, finished_at__lt=now - timedelta(days=settings.JOBS_KEEP_DONE_DAYS)
    ).delete()
    Job.objects.filter(
        status=JobStatus.FAILED, finished_at__lt=now - timedelta(days=settings.JOBS_KEEP_FAILED_DAYS)
    ).delete()
    WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(days=7)).delete()
