"""Rollups follow the contacts and follow-ups apps through domain events, so the dashboard request never
reads raw rows."""

from voorkant.dashboard.followup_services import rollup_followups_sync
from voorkant.dashboard.services import rollup_questions_sync
from voorkant.events.catalogue import EventType
from voorkant.events.services import DomainEvent, subscriber


@subscriber(EventType.QUESTION_REGISTERED)
def question_registered(event: DomainEvent) -> None:
    rollup_questions_sync(question_ids=event.data["question_ids"])


@subscriber(EventType.QUESTION_CHANGED)
def question_changed(event: DomainEvent) -> None:
    """Also for deletions: a question that no longer exists loses its fact and its counts."""
    rollup_questions_sync(question_ids=event.data["question_ids"])


@subscriber(EventType.FOLLOWUP_CREATED)
def followup_created(event: DomainEvent) -> None:
    rollup_followups_sync(task_ids=[event.data["task_id"]])


@subscriber(EventType.FOLLOWUP_CHANGED)
def followup_changed(event: DomainEvent) -> None:
    """Every change (routed, paused, resumed, resolved, reopened, deleted): the fact is re-derived."""
    rollup_followups_sync(task_ids=[event.data["task_id"]])
