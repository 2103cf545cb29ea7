"""The worker loop: claim a batch, run its jobs, finish them together, keep a heartbeat, run schedules.

Consecutive atomic jobs of a batch run in one transaction, each inside its own savepoint, and are marked done
with one UPDATE before that transaction commits: a failing job rolls back only its savepoint, a crash rolls
back the whole group (whose leases then run out, so another worker runs every job of it again).

Kept light on purpose: one process, one thread for jobs and one for the heartbeat. Run more processes for
more throughput; they coordinate only through the database.
"""

from __future__ import annotations

import contextlib
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
    claim_jobs_by_id,
    extend_leases,
    mark_done,
    mark_done_many,
    mark_failed_attempt,
    recover_expired,
    release_jobs,
)
from voorkant.jobs.context import JobContext, reset_current_job, set_current_job
from voorkant.jobs.models import Schedule, WorkerHeartbeat
from voorkant.jobs.registry import get_task, periodic_tasks
from voorkant.jobs.services import (
    NOTIFY_CHANNEL,
    defer_unique_enqueues,
    enqueue_now,
    flush_deferred_enqueues,
    retry_delay,
    stop_deferring,
)
from voorkant.jobs.transport import transport

logger = logging.getLogger("voorkant.jobs.worker")


class LeaseLostError(RuntimeError):
    """Another worker took the job over; this attempt's work is rolled back."""


class _GroupJobFailed(Exception):
    """A job failed in a group run without savepoints; raised to roll the group back."""

    def __init__(self, index: int, error: BaseException) -> None:
        super().__init__(index)
        self.index = index
        self.error = error


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
        self._next_sweep = 0.0
        self._handed_over: list[int] = []

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
        defer_unique_enqueues()
        if self.run_schedules:
            self._sync_schedules()
        heartbeat = threading.Thread(target=self._heartbeat_loop, name="heartbeat", daemon=True)
        heartbeat.start()
        logger.info("worker %s started", self.worker_id)
        try:
            self._loop()
        finally:
            stop_deferring()
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
            batch = self._claim()
            flush_deferred_enqueues()
            if not batch:
                if self.exit_when_idle:
                    return
                close_old_connections()
                self._wait_for_work()
                continue
            self._run_batch(batch)
            flush_deferred_enqueues()

    def _claim(self) -> list[ClaimedJob]:
        channel = transport()
        if not channel.uses_redis:
            return claim_jobs(worker_id=self.worker_id, limit=self.batch_size, lease=self.lease)
        ids = self._handed_over + (channel.take(self.batch_size - len(self._handed_over)) or [])
        self._handed_over = []
        batch = claim_jobs_by_id(worker_id=self.worker_id, job_ids=ids, lease=self.lease)
        now = time.monotonic()
        if not batch and (now >= self._next_sweep or self.exit_when_idle):
            # Ids Redis lost (or never got) are still queued rows: claim them straight from the database.
            self._next_sweep = now + settings.JOBS_REDIS_SWEEP_SECONDS
            batch = claim_jobs(worker_id=self.worker_id, limit=self.batch_size, lease=self.lease)
        return batch

    def _must_stop(self, running: int = 0) -> bool:
        """``running``: jobs run in the open group but not yet counted in ``jobs_done``."""
        return self._stop.is_set() or (
            self.max_jobs is not None and self.jobs_done + running >= self.max_jobs
        )

    # --- running a batch: groups of atomic jobs, one transaction each ------------------------------------

    # PostgreSQL keeps at most 64 subtransactions per session in shared memory; past that every other
    # session's visibility checks slow down. Careful mode uses one savepoint per job, so a group stays below.
    MAX_GROUP = 50

    def _run_batch(self, batch: list[ClaimedJob], *, careful: bool = False) -> None:
        """Run the claimed jobs in order. Consecutive atomic jobs share a transaction (see _run_group);
        other jobs run on their own. ``careful``: give every job of a group its own savepoint."""
        index = 0
        while index < len(batch):
            if self._must_stop():
                release_jobs(jobs=batch[index:], worker_id=self.worker_id)
                self._stop.set()
                return
            definition = get_task(batch[index].name)
            if definition is None or not definition.atomic:
                self._run(batch[index])
                index += 1
                continue
            try:
                index = self._run_group(batch, index, careful=careful)
            except _GroupJobFailed as failure:
                # Optimistic mode: the group was rolled back because one job failed. Record that job's failed
                # attempt and run the others again, now each in its own savepoint, so the failure of one job
                # never costs another job its work (their database effects still happen once).
                try:
                    self._record_failure(batch[failure.index], failure.error)
                except Exception:  # noqa: BLE001 - database gone; the lease runs out and another worker retries
                    logger.exception("could not record failure of job #%s", batch[failure.index].id)
                    connection.close()
                self._run_batch(batch[index : failure.index] + batch[failure.index + 1 :], careful=True)
                return

    def _run_group(self, batch: list[ClaimedJob], start: int, *, careful: bool) -> int:
        """Run consecutive atomic jobs from ``batch[start]`` in one transaction, mark the successful ones done
        with one UPDATE, and commit. Returns the index of the first job not in the group.

        The group ends at a non-atomic job, at MAX_GROUP jobs, when it has been open for
        JOBS_GROUP_COMMIT_SECONDS (so one slow job does not hold back the results of quick ones for long),
        or when the worker is asked to stop. Without ``careful`` the jobs run without savepoints (one round
        trip per job less); a failing job then raises ``_GroupJobFailed`` after rolling the group back.
        """
        opened = time.monotonic()
        index = start
        done: list[int] = []
        failed: list[tuple[ClaimedJob, BaseException]] = []
        try:
            with transaction.atomic():
                while index < len(batch) and index - start < self.MAX_GROUP:
                    job = batch[index]
                    definition = get_task(job.name)
                    if definition is None or not definition.atomic:
                        break
                    if index > start and (
                        self._must_stop(index - start)
                        or time.monotonic() - opened > settings.JOBS_GROUP_COMMIT_SECONDS
                    ):
                        break
                    index += 1
                    token = set_current_job(JobContext(job.id, job.name, job.attempt, self.worker_id))
                    try:
                        # careful: the savepoint undoes only this job's work when it fails
                        with transaction.atomic() if careful else contextlib.nullcontext():
                            definition.func(**job.payload)
                        done.append(job.id)
                    except Exception as exc:  # noqa: BLE001 - a failing job must never stop the worker
                        logger.warning(
                            "job %s #%s attempt %s failed: %s",
                            job.name,
                            job.id,
                            job.attempt,
                            type(exc).__name__,
                        )
                        if not careful:
                            raise _GroupJobFailed(index - 1, exc) from exc
                        failed.append((job, exc))
                    finally:
                        reset_current_job(token)
                if not mark_done_many(job_ids=done, worker_id=self.worker_id):
                    raise LeaseLostError(done)
                for job, exc in failed:
                    self._record_failure(job, exc)
        except _GroupJobFailed:
            raise  # rolled back; _run_batch records it and runs the rest carefully
        except LeaseLostError as lost:
            # Rare: a lease ran out while the group ran (a stalled worker). Everything of the group was rolled
            # back; run its jobs again one by one, each checking its own lease.
            logger.warning("jobs %s: lease lost, group rolled back and run job by job", lost.args[0])
            for job in batch[start:index]:
                self._run(job)
            return index
        except Exception:  # noqa: BLE001 - database gone; the leases run out and another worker retries
            logger.exception("could not finish a group of %d jobs", index - start)
            connection.close()
            return index
        self.jobs_done += len(done)
        return index

    def _record_failure(self, job: ClaimedJob, exc: BaseException) -> None:
        mark_failed_attempt(
            job=job, worker_id=self.worker_id, error=_error_text(exc), retry_after=retry_delay(job.attempt)
        )

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
        channel = transport()
        if channel.uses_redis:
            # Block on Redis in slices of a second at most, so a stop request is honoured promptly.
            until = time.monotonic() + self.poll_seconds
            while not self._stop.is_set() and (remaining := until - time.monotonic()) > 0:
                handed = channel.wait(min(1.0, remaining))
                if handed is None:  # Redis unreachable: poll the database instead
                    self._next_sweep = 0.0
                    self._stop.wait(remaining)
                    return
                if handed:
                    self._handed_over = handed
                    return
            return
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
