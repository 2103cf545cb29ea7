from datetime import timedelta

from voorkant.jobs.registry import task
from voorkant.surveys.services import housekeeping


@task("surveys.housekeeping", every=timedelta(days=1), max_attempts=3)
def survey_housekeeping() -> None:
    """Daily: drop invitations that can no longer be used and erase comments past their retention."""
    housekeeping()
