"""Jobs of the privacy app."""

from datetime import timedelta

from voorkant.jobs.registry import task
from voorkant.privacy.retention import retention_run


@task("privacy.retention", every=timedelta(days=1), max_attempts=3, atomic=False)
def retention() -> None:
    """Daily: carry out every product's retention period (batches commit on their own, so not atomic)."""
    retention_run()
