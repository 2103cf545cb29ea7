"""What a running job knows about itself, and how it acts as a system actor in the processing log."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any

SYSTEM_ACTOR_CODE = "taakverwerker"
SYSTEM_ACTOR_NAME = "Voorkant taakverwerker"


@dataclass(frozen=True)
class JobContext:
    job_id: int
    name: str
    attempt: int
    worker_id: str

    @property
    def actor_label(self) -> str:
        return f"{SYSTEM_ACTOR_NAME} ({self.name} #{self.job_id})"


_current: contextvars.ContextVar[JobContext | None] = contextvars.ContextVar("voorkant_job", default=None)


def current_job() -> JobContext | None:
    """The job being run in this thread, or None outside a job."""
    return _current.get()


def set_current_job(ctx: JobContext | None) -> contextvars.Token:
    return _current.set(ctx)


def reset_current_job(token: contextvars.Token) -> None:
    _current.reset(token)


def job_actor():
    """The system actor (the standard's geautomatiseerde actor) every job acts as."""
    from voorkant.organisation.services import system_actor

    return system_actor(code=SYSTEM_ACTOR_CODE, name=SYSTEM_ACTOR_NAME)


def job_processing_log_write(**kwargs: Any):
    """Write a processing-log record for the running job: channel 'job', the system actor as who.

    Takes the same keyword arguments as ``voorkant.privacy.services.processing_log_write`` minus user,
    actor_label and channel.
    """
    from voorkant.privacy.models import Channel
    from voorkant.privacy.services import processing_log_write

    ctx = current_job()
    actor = job_actor()
    label = ctx.actor_label if ctx is not None else actor.name
    return processing_log_write(user=None, actor_label=label, channel=Channel.JOB, **kwargs)
