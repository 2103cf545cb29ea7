"""What a follow-up tells people: the arrival notification for whoever must pick it up, and the
customer's e-mail through the outbox (idempotent per event)."""

from __future__ import annotations

from django.utils import formats, timezone

from voorkant.followups.models import (
    FollowupKind,
    InternalTask,
    LogKind,
)
from voorkant.followups.services.common import Author


def _notify_arrival(task: InternalTask, by: Author) -> None:
    """Tell whoever must pick the task up: the employee it is assigned to, else the team's members, else the
    members of the domain's back-office teams. Names no customer and no question text."""
    from voorkant.notifications.models import NotificationKind
    from voorkant.notifications.services import notify_many
    from voorkant.organisation.models import User

    users = User.objects.filter(is_active=True)
    if task.assignee_id:
        users = users.filter(employee__pk=task.assignee_id)
    elif task.team_id:
        users = users.filter(employee__memberships__team_id=task.team_id, employee__is_active=True)
    elif task.domain_id:
        users = users.filter(
            employee__memberships__team__domain_id=task.domain_id,
            employee__memberships__team__is_front_office=False,
            employee__is_active=True,
        )
    else:
        return
    if by.user is not None:
        users = users.exclude(pk=by.user.pk)
    deadline = timezone.localtime(task.deadline_at)
    notify_many(
        users=list(users.distinct()),
        kind=NotificationKind.NEW_TASK,
        title=f"Nieuwe vervolgactie {task.number}: {task.get_kind_display().lower()}",
        body=f"Uiterlijk {deadline:%d-%m-%Y %H:%M}.",
        url=f"/vervolgacties/{task.uuid}/",
    )


def _email_customer(task: InternalTask, *, event: str) -> None:
    """Queue the customer's e-mail in this transaction. The key makes a retried job or a double submit write
    no second message; each resolve after a reopen is a new message (its ordinal is in the key)."""
    if not task.contact_email:
        return
    from voorkant.outbox.services import email_queue

    context = {
        "naam": task.contact_name or "heer, mevrouw",
        "onderwerp": task.question.subject,
        "kenmerk": task.number,
        "afdeling": task.team.name
        if task.team_id
        else (task.domain.name if task.domain_id else "de gemeente"),
        "uiterlijk": formats.date_format(timezone.localtime(task.deadline_at), "l j F Y \\o\\m H:i"),
        "toelichting": task.customer_message,
    }
    if event == "created":
        template = (
            "terugbelverzoek-bevestiging"
            if task.kind == FollowupKind.CALLBACK
            else "vervolgactie-bevestiging"
        )
        key = f"followup:{task.uuid}:created"
    else:
        template = "vervolgactie-afgerond"
        ordinal = task.log_entries.filter(kind=LogKind.RESOLVED).count()
        key = f"followup:{task.uuid}:resolved:{ordinal}"
    email_queue(
        template_code=template,
        to=task.contact_email,
        context=context,
        idempotency_key=key,
        object_type="interne-taak",
        object_uuid=task.uuid,
    )
