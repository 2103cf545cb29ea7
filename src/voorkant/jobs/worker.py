"""The worker loop: claim a batch, run each job in its own transaction, keep a heartbeat, run schedules.

Kept light on purpose: one process, one thread for jobs and one for the heartbeat. Run more processes for
more throughput; they coordinate only through the database.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
import time
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone

from voorkant.jobs.claims import (
    ClaimedJob,
    claim_jobs,
    extend_leases,
    mark_done,
    mark_failed_attempt,
    recover_expired,
    release_jobs,
)
from voorkant.jobs.context import JobContext, reset_current_job, set_current_job
from voorkant.jobs.models import Schedule, WorkerHeartbeat
from voorkant.jobs.registry import get_task, periodic_tasks
from voorkant.jobs.services import NOTIFY_CHANNEL, enqueue_now, retry_delay

logger = logging.getLogger("voorkant.jobs.worker")


class LeaseLostError(RuntimeError):
    """Another worker took the job over; this attempt's work is rolled back."""


def _error_text(exc: BaseException) -> str:
    # Type, message and the code locations; no local variables, so no personal data from the frames.
    frames = traceback.extract_tb(exc.__traceback__)[-5:]
    where = "; ".join(f"{os.path.basename(f.filename)}:{f.lineno} in {f.name}" for f in frames)
    return f"{type(exc).__name__}: {exc} [{where}]"


def _asynchronous_commit(*, connection, **_kwargs) -> None:
    """See JOBS_SYNCHRONOUS_COMMIT: applied to every connection this worker process opens."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")


class Worker:
    def __init__(
        self,
        *,
        batch_size: int | None = None,
        poll_seconds: float | None = None,
        lease_seconds: float | None = None,
        heartbeat_seconds: float | None = None,
        exit_when_idle: bool = False,
        max_jobs: int | None = None,
        run_schedules: bool = True,
        handle_signals: bool = True,
    ) -> None:
        self.worker_id = f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(3)}"
        self.batch_size = batch_size or settings.JOBS_BATCH_SIZE
        self.poll_seconds = poll_seconds if poll_seconds is not None else settings.JOBS_POLL_SECONDS
        self.lease = timedelta(seconds=lease_seconds or settings.JOBS_LEASE_SECONDS)
        self.heartbeat_seconds = heartbeat_seconds or settings.JOBS_HEARTBEAT_SECONDS
        self.exit_when_idle = exit_when_idle
        self.max_jobs = max_jobs
        self.run_schedules = run_schedules
        self.handle_signals = handle_signals
        self.jobs_done = 0
        self._stop = threading.Event()
        self._listener = None
        self._next_maintenance = 0.0

    # --- lifecycle ---------------------------------------------------------------------------------------

    def stop(self, *_args) -> None:
        """Finish the running job, hand back the rest of the batch, then exit."""
        self._stop.set()

    def run(self) -> int:
        if self.handle_signals:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        now = timezone.now()
        WorkerHeartbeat.objects.create(
            worker_id=self.worker_id,
            hostname=socket.gethostname()[:200],
            pid=os.getpid(),
            started_at=now,
            last_seen=now,
        )
        if connection.vendor == "postgresql" and not settings.JOBS_SYNCHRONOUS_COMMIT:
            connection_created.connect(_asynchronous_commit, dispatch_uid="voorkant-worker-async-commit")
            if connection.connection is not None:
                _asynchronous_commit(connection=connection)
        if self.run_schedules:
            self._sync_schedules()
        heartbeat = threading.Thread(target=self._heartbeat_loop, name="heartbeat", daemon=True)
        heartbeat.start()
        logger.info("worker %s started", self.worker_id)
        try:
            self._loop()
        finally:
            self._stop.set()
            heartbeat.join(timeout=self.heartbeat_seconds + 5)
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
                stopped_at=timezone.now(), jobs_done=self.jobs_done
            )
            if self._listener is not None:
                self._listener.close()
            logger.info("worker %s stopped after %d jobs", self.worker_id, self.jobs_done)
        return self.jobs_done

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._maintenance()
            batch = claim_jobs(worker_id=self.worker_id, limit=self.batch_size, lease=self.lease)
            if not batch:
                if self.exit_when_idle:
                    return
                close_old_connections()
                self._wait_for_work()
                continue
            for index, job in enumerate(batch):
                if self._stop.is_set() or (self.max_jobs is not None and self.jobs_done >= self.max_jobs):
                    release_jobs(job_ids=[j.id for j in batch[index:]], worker_id=self.worker_id)
                    self._stop.set()
                    break
                self._run(job)

    # --- running one job ---------------------------------------------------------------------------------

    def _run(self, job: ClaimedJob) -> None:
        definition = get_task(job.name)
        token = set_current_job(JobContext(job.id, job.name, job.attempt, self.worker_id))
        try:
            if definition is None:
                raise LookupError(f"Onbekende taak {job.name!r}")
            if definition.atomic:
                with transaction.atomic():
                    definition.func(**job.payload)
                    if not mark_done(job_id=job.id, worker_id=self.worker_id):
                        raise LeaseLostError(job.id)
            else:
                definition.func(**job.payload)
                mark_done(job_id=job.id, worker_id=self.worker_id)
            self.jobs_done += 1
        except LeaseLostError:
            logger.warning("job %s #%s: lease lost, attempt rolled back", job.name, job.id)
        except Exception as exc:  # noqa: BLE001 - a failing job must never stop the worker
            logger.warning(
                "job %s #%s attempt %s failed: %s", job.name, job.id, job.attempt, type(exc).__name__
            )
            try:
                mark_failed_attempt(
                    job=job,
                    worker_id=self.worker_id,
                    error=_error_text(exc),
                    retry_after=retry_delay(job.attempt),
                )
            except Exception:  # noqa: BLE001 - database gone; the lease runs out and another worker retries
                logger.exception("could not record failure of job #%s", job.id)
                connection.close()
        finally:
            reset_current_job(token)

    # --- waiting, scheduling, maintenance ----------------------------------------------------------------

    def _wait_for_work(self) -> None:
        if connection.vendor != "postgresql":
            self._stop.wait(self.poll_seconds)
            return
        try:
            if self._listener is None:
                self._listener = connection.get_new_connection(connection.get_connection_params())
                self._listener.autocommit = True
                self._listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
            # Wake on NOTIFY from enqueue, or after the poll interval for delayed jobs and schedules.
            for _ in self._listener.notifies(timeout=self.poll_seconds, stop_after=1):
                pass
        except Exception:  # noqa: BLE001 - fall back to plain polling; the next wait reconnects
            logger.warning("LISTEN connection lost; polling instead")
            if self._listener is not None:
                self._listener.close()
            self._listener = None
            self._stop.wait(self.poll_seconds)

    def _maintenance(self) -> None:
        now = time.monotonic()
        if now < self._next_maintenance:
            return
        self._next_maintenance = now + 1.0
        recover_expired()
        if self.run_schedules:
            self._enqueue_due_schedules()

    def _sync_schedules(self) -> None:
        now = timezone.now()
        for definition in periodic_tasks():
            seconds = int(definition.every.total_seconds())
            schedule, created = Schedule.objects.get_or_create(
                task_name=definition.name, defaults={"interval_seconds": seconds, "next_run_at": now}
            )
            if not created and schedule.interval_seconds != seconds:
                Schedule.objects.filter(pk=schedule.pk).update(interval_seconds=seconds)

    def _enqueue_due_schedules(self) -> None:
        now = timezone.now()
        for schedule in Schedule.objects.filter(is_enabled=True, next_run_at__lte=now):
            if get_task(schedule.task_name) is None:
                continue
            # Only the worker whose conditional update wins enqueues this round; the others see 0 rows.
            won = Schedule.objects.filter(pk=schedule.pk, next_run_at=schedule.next_run_at).update(
                next_run_at=now + timedelta(seconds=schedule.interval_seconds), last_enqueued_at=now
            )
            if won:
                enqueue_now(schedule.task_name, unique_key=f"periodic:{schedule.task_name}")

    def _heartbeat_loop(self) -> None:
        try:
            while not self._stop.wait(self.heartbeat_seconds):
                try:
                    WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
                        last_seen=timezone.now(), jobs_done=self.jobs_done
                    )
                    extend_leases(worker_id=self.worker_id, lease=self.lease)
                except Exception:  # noqa: BLE001 - keep beating; /health shows the gap if it persists
                    logger.warning("heartbeat failed")
                    connection.close()
        finally:
            connection.close()
