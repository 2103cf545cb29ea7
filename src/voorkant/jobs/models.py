"""Job rows, their logs, periodic schedules and worker heartbeats."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Wacht"
    RUNNING = "running", "Bezig"
    DONE = "done", "Klaar"
    FAILED = "failed", "Mislukt"


class Job(models.Model):
    """One unit of background work. A worker claims it by moving it from queued to running under a lease.

    The lease (``lease_expires_at``) is extended by the owning worker's heartbeat; when a worker dies the
    lease runs out and another worker puts the job back in the queue, counting the lost attempt.
    """

    name = models.CharField(max_length=200, help_text="Naam van de taak in het takenregister.")
    payload = models.JSONField(
        default=dict, blank=True, help_text="Gegevens voor de taak (alleen kenmerken)."
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    priority = models.SmallIntegerField(default=100, help_text="Lager getal gaat eerder.")
    run_after = models.DateTimeField(help_text="Niet eerder uitvoeren dan dit moment.")
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    unique_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        help_text="Hoogstens één wachtende taak met deze sleutel (bijvoorbeeld voor periodieke taken).",
    )
    enqueued_at = models.DateTimeField(help_text="Moment waarop de taak in de wachtrij kwam (na de commit).")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=120, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "taak"
        verbose_name_plural = "taken"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unique_key"], condition=Q(status="queued"), name="job_unique_queued_key"
            )
        ]
        indexes = [
            # The claim query reads only queued rows in this order; the partial index keeps it small.
            models.Index(
                fields=["priority", "run_after", "id"], condition=Q(status="queued"), name="job_claim_idx"
            ),
            models.Index(fields=["lease_expires_at"], condition=Q(status="running"), name="job_lease_idx"),
            models.Index(fields=["status", "finished_at"], name="job_status_finished_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class JobLogLevel(models.TextChoices):
    INFO = "info", "Informatie"
    WARNING = "warning", "Waarschuwing"
    ERROR = "error", "Fout"


class JobLog(models.Model):
    """What happened to a job beyond the plain success path: retries, failures, recovered leases.

    Messages hold identifiers and exception types, never personal data.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="logs")
    at = models.DateTimeField()
    level = models.CharField(max_length=10, choices=JobLogLevel.choices, default=JobLogLevel.INFO)
    message = models.TextField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "taaklog"
        verbose_name_plural = "taaklogs"


class Schedule(models.Model):
    """A periodic job. The interval comes from code; the beheerder may switch a schedule off."""

    task_name = models.CharField(max_length=200, unique=True)
    interval_seconds = models.PositiveIntegerField()
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    is_enabled = models.BooleanField(default=True, help_text="Uit: de taak wordt niet meer ingepland.")

    class Meta:
        ordering = ["task_name"]
        verbose_name = "planning"
        verbose_name_plural = "planningen"

    def __str__(self) -> str:
        return self.task_name


class WorkerHeartbeat(models.Model):
    """One row per worker process; ``last_seen`` is what /health compares with the stale threshold."""

    worker_id = models.CharField(max_length=120, unique=True)
    hostname = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    jobs_done = models.PositiveIntegerField(default=0)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = "worker"
        verbose_name_plural = "workers"

    def __str__(self) -> str:
        return self.worker_id
