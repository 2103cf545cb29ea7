"""Queuing and sending e-mail. Queue inside the transaction of the change; a job sends after commit."""

from __future__ import annotations

import logging
import uuid as uuid_module
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.template import Context, Engine, Template
from django.utils import timezone

from voorkant.jobs.context import job_processing_log_write
from voorkant.jobs.services import enqueue
from voorkant.outbox.backends import UNDELIVERABLE_BACKENDS
from voorkant.outbox.models import EmailTemplate, OutboxMessage, OutboxStatus
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject

logger = logging.getLogger("voorkant.outbox")

SEND_TASK = "outbox.send_pending"
# Plain-text mail: no HTML escaping of what the template inserts.
_ENGINE = Engine(autoescape=False)
_COMPILED: dict[tuple[str, str], tuple[Template, Template]] = {}


class UnknownTemplateError(LookupError):
    pass


def template_compile(text: str) -> Template:
    """Compile a template text; raises django.template.TemplateSyntaxError on a mistake."""
    return _ENGINE.from_string(text)


def email_render(*, template_code: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render (subject, body) from the beheerder's current version of the template."""
    row = (
        EmailTemplate.objects.filter(code=template_code).values_list("subject", "body", "updated_at").first()
    )
    if row is None:
        raise UnknownTemplateError(template_code)
    subject_text, body_text, updated_at = row
    key = (template_code, updated_at.isoformat())
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = (template_compile(subject_text), template_compile(body_text))
        _COMPILED[key] = compiled
    ctx = Context({"gemeente": settings.MUNICIPALITY_NAME, **context}, autoescape=False)
    subject = " ".join(compiled[0].render(ctx).split())[:200]
    return subject, compiled[1].render(ctx).strip() + "\n"


def email_queue(
    *,
    template_code: str,
    to: str,
    context: dict[str, Any],
    idempotency_key: str,
    object_type: str = "",
    object_uuid: uuid_module.UUID | None = None,
) -> OutboxMessage:
    """Write the outbox row for one e-mail in the caller's transaction and send it after commit.

    Calling it again with the same ``idempotency_key`` (a retried job, a double submit) returns the
    existing message instead of a second one: the row is the idempotency point.
    """
    subject, body = email_render(template_code=template_code, context=context)
    message = OutboxMessage(
        idempotency_key=idempotency_key,
        template_code=template_code,
        to=to,
        subject=subject,
        body=body,
        object_type=object_type,
        object_uuid=object_uuid,
        created_at=timezone.now(),
    )
    OutboxMessage.objects.bulk_create([message], ignore_conflicts=True)
    message = OutboxMessage.objects.get(idempotency_key=idempotency_key)
    # One waiting send job is enough however many messages are queued (unique_key).
    enqueue(SEND_TASK, unique_key=SEND_TASK)
    return message


def _can_deliver() -> bool:
    return not settings.DEMO_MODE or settings.EMAIL_BACKEND in UNDELIVERABLE_BACKENDS


def outbox_send(*, message_id: int, mail_connection=None) -> str | None:
    """Send one pending message and mark it sent in one transaction. Returns the new status, or None when
    another worker has it or it was already handled."""
    with transaction.atomic():
        query = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING)
        if connection.vendor == "postgresql":
            query = query.select_for_update(skip_locked=True)
        message = query.first()
        if message is None:
            return None
        message.attempts += 1
        if not _can_deliver():
            message.status = OutboxStatus.BLOCKED
            message.save(update_fields=["status", "attempts"])
            return message.status
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Message-ID": f"<{message.uuid}@voorkant>"},
            connection=mail_connection,
        )
        try:
            email.send()
        except Exception as exc:  # noqa: BLE001 - any transport failure is retried by the next run
            message.last_error = type(exc).__name__
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
            message.save(update_fields=["status", "attempts", "last_error"])
            logger.warning("outbox message %s not sent (%s)", message.uuid, type(exc).__name__)
            return message.status
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["status", "attempts", "sent_at"])
        job_processing_log_write(
            activity=ProcessingActivity.CUSTOMER_CONTACT,
            purpose="Bericht aan klant versturen",
            action="e-mail.verzenden",
            subjects=[Subject("e-mail", message.to)],
            object_type="uitgaande-e-mail",
            object_uuid=message.uuid,
        )
        return message.status


def outbox_send_pending(*, limit: int | None = None) -> int:
    """Send up to ``limit`` pending messages over one mail connection. Returns how many were looked at."""
    limit = limit or settings.OUTBOX_BATCH_SIZE
    ids = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    if not ids:
        return 0
    mail_connection = None
    if _can_deliver():
        mail_connection = get_connection()
        try:
            mail_connection.open()
        except Exception:  # noqa: BLE001 - each message then tries on its own and records the failure
            logger.warning("mail server not reachable; messages stay pending")
            mail_connection = None
    try:
        for message_id in ids:
            outbox_send(message_id=message_id, mail_connection=mail_connection)
    finally:
        if mail_connection is not None:
            mail_connection.close()
    return len(ids)
