"""Jobs used by the tests. Worker subprocesses import this module through JOBS_TASK_MODULES."""

from __future__ import annotations

import time
from pathlib import Path

from voorkant.jobs.context import current_job, job_processing_log_write
from voorkant.jobs.registry import task
from voorkant.outbox.services import email_queue
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject

CALLS: list[dict] = []


@task("tests.record")
def record(**payload) -> None:
    CALLS.append(payload)


@task("tests.fail", max_attempts=2)
def fail() -> None:
    raise ValueError("bewust mislukt")


@task("tests.log_processing")
def log_processing(*, party_uuid: str) -> None:
    job_processing_log_write(
        activity=ProcessingActivity.RETENTION,
        purpose="Bewaartermijn uitvoeren",
        action="partij.opschonen",
        subjects=[Subject("partij", party_uuid)],
    )


@task("tests.register_and_mail", max_attempts=3)
def register_and_mail(*, marker: str, to: str) -> None:
    """Queues an e-mail, then on the first attempt signals the test and sleeps until it is killed."""
    ctx = current_job()
    email_queue(
        template_code="algemeen-bericht",
        to=to,
        context={"naam": "mevrouw Jansen", "onderwerp": "Uw afspraak", "tekst": "Uw afspraak staat vast."},
        idempotency_key=f"crash-test:{ctx.job_id}",
    )
    if ctx.attempt == 1:
        Path(marker).write_text("bezig")
        time.sleep(120)
