"""The Klantinteracties API's writes (``/internetaken``): the standard's fields mapped onto the same rules as
the back office."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from voorkant.events.catalogue import EventType
from voorkant.events.services import publish
from voorkant.followups.models import (
    FollowupState,
    InternalTask,
    LogKind,
    TaskStatus,
)
from voorkant.followups.services.common import Author, _append, _changed, _locked, _log_processing, _subjects
from voorkant.followups.services.create import _assignment_from_actors, followup_create
from voorkant.followups.services.transitions import followup_reopen, followup_resolve, followup_route
from voorkant.privacy.models import Channel

API_FIELDS = {"question", "requested_action", "explanation", "status", "reference_number", "resolved_at"}


@transaction.atomic
def internal_task_save(
    *, actor_label: str, task: InternalTask | None = None, changes: dict[str, Any], actors: list | None = None
) -> InternalTask:
    """The API's create/update: the standard's two statuses become resolve and reopen.

    ``verwerkt`` resolves (``afgehandeldOp`` when given, else now); ``te_verwerken`` on a resolved task
    reopens it. Any other internal state is left alone by a ``te_verwerken`` write.
    """
    by = Author(label=actor_label, channel=Channel.API)
    unknown = set(changes) - API_FIELDS
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    status = changes.get("status")
    if task is None:
        if not actors:
            raise ValidationError({"assigned_to": ["Wijs de taak toe aan minstens één actor."]})
        if "question" not in changes or "requested_action" not in changes:
            raise ValidationError({"question": ["Een interne taak hoort bij een klantcontact."]})
        task = followup_create(
            by=by,
            question=changes["question"],
            requested_action=changes["requested_action"],
            explanation=changes.get("explanation") or "",
            reference_number=changes.get("reference_number") or "",
            actors=actors,
        )
        if status == TaskStatus.PROCESSED:
            task = followup_resolve(
                by=by, task=task, result="Afgehandeld via de API", resolved_at=changes.get("resolved_at")
            )
        return task

    task = _locked(task)
    plain = {
        k: v
        for k, v in changes.items()
        if k in ("question", "requested_action", "explanation", "reference_number")
    }
    plain = {k: v for k, v in plain.items() if getattr(task, k if k != "question" else "question") != v}
    if plain:
        for name, value in plain.items():
            setattr(task, name, value)
        try:
            task.full_clean(exclude=["assigned_to", "question", "domain", "team", "assignee"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        task.save()
        _append(task, by, LogKind.CHANGED, text="Gewijzigd via de API: " + ", ".join(sorted(plain)))
        _log_processing(task, by, "wijzigen")
        _changed(task, "changed")
    if actors is not None:
        if not actors:
            raise ValidationError({"assigned_to": ["Wijs de taak toe aan minstens één actor."]})
        domain, team, assignee = _assignment_from_actors(actors, None, None, None)
        if domain or team or assignee:
            task = followup_route(by=by, task=task, domain=domain, team=team, assignee=assignee)
        task.assigned_to.set(actors)
    if status == TaskStatus.PROCESSED and task.state != FollowupState.RESOLVED:
        task = followup_resolve(
            by=by, task=task, result="Afgehandeld via de API", resolved_at=changes.get("resolved_at")
        )
    elif status == TaskStatus.TO_PROCESS and task.state == FollowupState.RESOLVED:
        task = followup_reopen(by=by, task=task, reason="Heropend via de API")
    elif "resolved_at" in changes and task.state == FollowupState.RESOLVED and changes["resolved_at"]:
        InternalTask.objects.filter(pk=task.pk).update(resolved_at=changes["resolved_at"])
        task.resolved_at = changes["resolved_at"]
    return task


@transaction.atomic
def internal_task_delete(*, actor_label: str, task: InternalTask) -> None:
    """Remove a task (API only; the UI resolves instead). Its log goes with it."""
    by = Author(label=actor_label, channel=Channel.API)
    subjects = _subjects(task)
    task_id = task.pk
    InternalTask.objects.filter(pk=task.pk).delete()
    _log_processing(task, by, "verwijderen", subjects=subjects)
    publish(EventType.FOLLOWUP_CHANGED, task_id=task_id, change="deleted")
