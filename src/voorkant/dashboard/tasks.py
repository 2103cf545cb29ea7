"""Periodic safety net for the rollups.

Domain events keep the rollups current, but the platform's after-commit hook is not durable: a process that
dies between a commit and its hook loses the event (docs/platform.md). Rebuilding yesterday and today every
hour bounds the damage to an hour, and costs a few seconds (one day's questions, not the whole history).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from voorkant.dashboard.services import rollups_rebuild
from voorkant.jobs.registry import task


@task("dashboard.reconcile", every=timedelta(hours=1), max_attempts=3)
def reconcile() -> None:
    today = timezone.localdate()
    rollups_rebuild(start=today - timedelta(days=1), end=today)
