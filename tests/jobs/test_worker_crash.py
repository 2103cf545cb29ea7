"""A real worker process killed with SIGKILL in the middle of a job; a second worker finishes it once."""

import os
import signal
from pathlib import Path

from tests.processes import process_env, start_worker, stop, wait_for
from voorkant.jobs.models import Job, JobLog, JobStatus
from voorkant.jobs.services import enqueue_now
from voorkant.outbox.models import OutboxMessage, OutboxStatus, RecordedEmail


def test_a_job_killed_mid_way_completes_exactly_once_on_another_worker(
    transactional_db, email_templates, tmp_path: Path
):
    marker = tmp_path / "bezig"
    env = process_env(
        JOBS_TASK_MODULES="tests.jobs.support_tasks",
        EMAIL_BACKEND="voorkant.outbox.backends.RecordingEmailBackend",
        JOBS_LEASE_SECONDS="2",
        JOBS_HEARTBEAT_SECONDS="0.5",
        JOBS_POLL_SECONDS="0.2",
    )
    enqueue_now("tests.register_and_mail", payload={"marker": str(marker), "to": "inwoner@voorbeeld.invalid"})
    first = start_worker(env)
    try:
        wait_for(marker.exists, timeout=60, message="first worker to start the job")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first)
    job = Job.objects.get(name="tests.register_and_mail")
    assert job.status == JobStatus.RUNNING  # the dead worker still holds it until the lease runs out
    assert not OutboxMessage.objects.exists()  # its half-done work was never committed

    second = start_worker(env)
    try:
        wait_for(
            lambda: (
                RecordedEmail.objects.exists()
                and Job.objects.filter(name="tests.register_and_mail", status=JobStatus.DONE).exists()
            ),
            timeout=60,
            message="second worker to finish the job and send the e-mail",
        )
    finally:
        stop(second)

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert JobLog.objects.filter(job=job, message__contains="stopte tijdens poging 1").exists()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT
    assert message.idempotency_key == f"crash-test:{job.pk}"
    sent = RecordedEmail.objects.get()
    assert sent.to == "inwoner@voorbeeld.invalid"
    assert sent.message_id == f"<{message.uuid}@voorkant>"
    assert second.returncode == 0
