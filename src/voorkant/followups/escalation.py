"""Escalating follow-ups whose deadline passed: the team's leaders and the KCC coordinators get a
notification and an e-mail, once per overrun. Run by the periodic job ``followups.escalate``."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from voorkant.events.catalogue import EventType
from voorkant.events.services import publish
from voorkant.followups.models import FollowupState, InternalTask, LogKind
from voorkant.followups.services import Author, _append
from voorkant.notifications.models import NotificationKind
from voorkant.notifications.services import notify_many
from voorkant.organisation.models import User
from voorkant.outbox.services import email_queue
from voorkant.privacy.models import Channel

BATCH = 200


def escalation_recipients(task: InternalTask) -> list[User]:
    """Leaders of the task's team (or of the domain's teams when it has none) and every KCC coordinator."""
    coordinate = Permission.objects.filter(codename="coordinate_kcc", content_type__app_label="organisation")
    leads = Q(employee__memberships__is_leader=True) & (
        Q(employee__memberships__team_id=task.team_id)
        if task.team_id
        else Q(employee__memberships__team__domain_id=task.domain_id)
    )
    return list(
        User.objects.filter(is_active=True)
        .filter(leads | Q(groups__permissions__in=coordinate) | Q(user_permissions__in=coordinate))
        .distinct()
    )


def followups_escalate(*, now: datetime | None = None) -> int:
    """Escalate every open follow-up past its deadline that was not escalated for this overrun. Each task is
    taken with a conditional UPDATE, so two workers (or a retried job) never escalate it twice."""
    now = now or timezone.now()
    by = Author(label="Voorkant (termijnbewaking)", channel=Channel.JOB)
    escalated = 0
    candidates = list(
        InternalTask.objects.filter(resolved_at__isnull=True, escalated_at__isnull=True, deadline_at__lte=now)
        .exclude(state=FollowupState.WAITING)
        .order_by("deadline_at", "id")
        .values_list("pk", flat=True)[:BATCH]
    )
    for pk in candidates:
        with transaction.atomic():
            taken = InternalTask.objects.filter(
                pk=pk, resolved_at__isnull=True, escalated_at__isnull=True
            ).update(escalated_at=now)
            if not taken:
                continue
            task = InternalTask.objects.select_related("team", "domain", "question__product").get(pk=pk)
            _append(
                task, by, LogKind.ESCALATED, text="Termijn overschreden; gemeld aan de teamleiding.", at=now
            )
            where = task.team.name if task.team_id else (task.domain.name if task.domain_id else "geen team")
            product = task.question.product.name if task.question.product_id else "geen product"
            title = f"Vervolgactie {task.number} is te laat ({where})"
            deadline = timezone.localtime(task.deadline_at)
            text = (
                f"Vervolgactie {task.number} ({product}) had uiterlijk {deadline:%d-%m-%Y %H:%M} "
                f"klaar moeten zijn en is nog open bij {where}."
            )
            users = escalation_recipients(task)
            notify_many(
                users=users,
                kind=NotificationKind.ESCALATION,
                title=title,
                body=text,
                url=f"/vervolgacties/{task.uuid}/",
            )
            for user in users:
                if user.email:
                    email_queue(
                        template_code="algemeen-bericht",
                        to=user.email,
                        context={
                            "naam": user.get_full_name() or user.get_username(),
                            "onderwerp": title,
                            "tekst": text,
                        },
                        idempotency_key=f"followup:{task.uuid}:escalated:{task.deadline_at.isoformat()}:{user.pk}",
                        object_type="interne-taak",
                        object_uuid=task.uuid,
                    )
            publish(EventType.FOLLOWUP_CHANGED, task_id=task.pk, change="escalated")
            escalated += 1
    return escalated
