"""Creating, changing and removing internal tasks; one transaction and one processing-log record each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from voorkant.contacts.models import Involvement
from voorkant.followups.models import InternalTask, TaskStatus
from voorkant.privacy.models import Channel, ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

TASK_FIELDS = {"question", "requested_action", "explanation", "status", "reference_number", "completed_at"}
NUMBER_WIDTH = 10


def _number_next() -> str:
    highest = (
        InternalTask.objects.filter(number__regex=r"^[0-9]{10}$")
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    return str(int(highest) + 1 if highest else 1).zfill(NUMBER_WIDTH)


def _subjects(task: InternalTask) -> list[Subject]:
    uuids = Involvement.objects.filter(question_id=task.question_id, party__isnull=False).values_list(
        "party__uuid", flat=True
    )
    return [Subject("partij", str(u)) for u in uuids]


@transaction.atomic
def internal_task_save(
    *, actor_label: str, task: InternalTask | None = None, changes: dict[str, Any], actors: list | None = None
) -> InternalTask:
    """Create or change a task. Setting status ``verwerkt`` stamps ``completed_at`` when none is given."""
    creating = task is None
    task = task or InternalTask(number=_number_next(), assigned_at=timezone.now())
    unknown = set(changes) - TASK_FIELDS
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(task, name, value)
    if task.status == TaskStatus.PROCESSED and task.completed_at is None:
        task.completed_at = timezone.now()
    if task.status == TaskStatus.TO_PROCESS:
        task.completed_at = None
    if creating and not actors:
        raise ValidationError({"assigned_to": ["Wijs de taak toe aan minstens één actor."]})
    try:
        task.full_clean(exclude=["assigned_to"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    task.save()
    if actors is not None:
        if not actors:
            raise ValidationError({"assigned_to": ["Wijs de taak toe aan minstens één actor."]})
        task.assigned_to.set(actors)
    processing_log_write(
        actor_label=actor_label,
        channel=Channel.API,
        activity=ProcessingActivity.FOLLOW_UP,
        purpose="Vervolgactie op een klantcontact uitzetten en bijhouden",
        action="interne-taak." + ("registreren" if creating else "wijzigen"),
        subjects=_subjects(task),
        object_type="interne-taak",
        object_uuid=task.uuid,
    )
    return task


@transaction.atomic
def internal_task_delete(*, actor_label: str, task: InternalTask) -> None:
    subjects = _subjects(task)
    InternalTask.objects.filter(pk=task.pk).delete()
    processing_log_write(
        actor_label=actor_label,
        channel=Channel.API,
        activity=ProcessingActivity.FOLLOW_UP,
        purpose="Vervolgactie op een klantcontact uitzetten en bijhouden",
        action="interne-taak.verwijderen",
        subjects=subjects,
        object_type="interne-taak",
        object_uuid=task.uuid,
    )
