"""Jobs of the follow-ups app."""

from datetime import timedelta

from voorkant.followups.escalation import followups_escalate
from voorkant.jobs.registry import task


@task("followups.escalate", every=timedelta(minutes=5), max_attempts=3, atomic=False)
def escalate() -> None:
    """Every five minutes: escalate follow-ups whose deadline passed (each task in its own transaction)."""
    followups_escalate()
