import pytest

from tests.jobs import support_tasks  # noqa: F401 - registers the test jobs


@pytest.fixture
def run_worker():
    """Run an in-process worker until the queue is empty (no signals, no schedules, no heartbeat writes)."""
    from voorkant.jobs.worker import Worker

    def run(**options) -> int:
        options.setdefault("run_schedules", False)
        return Worker(
            exit_when_idle=True, handle_signals=False, heartbeat_seconds=3600, lease_seconds=7200, **options
        ).run()

    return run


from tests.outbox.conftest import email_templates  # noqa: E402, F401 - the crash test mails
