"""Queuing and sending e-mail. Queue inside the transaction of the change; a job sends after commit."""

from __future__ import annotations

import logging
import time
import uuid as uuid_module
from functools import cache
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.template import Context, Engine, Template
from django.utils import timezone

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


_TEMPLATE_ROWS: dict[str, tuple[float, tuple[str, str, str]]] = {}


def template_cache_clear(**_kwargs) -> None:
    _TEMPLATE_ROWS.clear()


def _template_row(template_code: str) -> tuple[str, str, str]:
    # A short per-process cache: a busy worker renders thousands of mails a minute from a handful of
    # templates. Saving a template clears it in that process; others follow within the cache time.
    now = time.monotonic()
    cached = _TEMPLATE_ROWS.get(template_code)
    if cached is not None and now - cached[0] < settings.EMAIL_TEMPLATE_CACHE_SECONDS:
        return cached[1]
    row = (
        EmailTemplate.objects.filter(code=template_code).values_list("subject", "body", "updated_at").first()
    )
    if row is None:
        raise UnknownTemplateError(template_code)
    value = (row[0], row[1], row[2].isoformat())
    _TEMPLATE_ROWS[template_code] = (now, value)
    return value


def email_render(*, template_code: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render (subject, body) from the beheerder's current version of the template."""
    subject_text, body_text, version = _template_row(template_code)
    key = (template_code, version)
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

    Calling it again with the same ``idempotency_key`` (a retried job, a double submit) writes no second
    message: the row is the idempotency point. The returned instance then carries the existing row's id.
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
    # One statement: insert, or on a repeat touch nothing and return the existing row's id. Written as SQL
    # once per process: the ORM's bulk_create compiled it anew for every mail, most of a job's CPU time.
    sql, fields = _insert_statement()
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [field.get_db_prep_save(getattr(message, field.attname), connection) for field in fields]
        )
        message.pk = cursor.fetchone()[0]
    # One waiting send job is enough however many messages are queued (unique_key).
    enqueue(SEND_TASK, unique_key=SEND_TASK)
    return message


@cache
def _insert_statement_for(vendor: str):
    fields = [f for f in OutboxMessage._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    key = quote("idempotency_key")
    sql = (
        f"INSERT INTO {quote(OutboxMessage._meta.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608 - names from the model
        f"ON CONFLICT ({key}) DO UPDATE SET {key} = EXCLUDED.{key} RETURNING {quote('id')}"
    )
    return sql, fields


def _insert_statement():
    return _insert_statement_for(connection.vendor)


def _can_deliver() -> bool:
    return not settings.DEMO_MODE or settings.EMAIL_BACKEND in UNDELIVERABLE_BACKENDS


def _processing_log_sent(messages: list[OutboxMessage]) -> None:
    """One processing-log record per sent e-mail, written in bulk (same content as processing_log_write)."""
    from voorkant.jobs.context import current_job, job_actor
    from voorkant.privacy.models import Channel, ProcessingLogRecord, ProcessingLogSubject
    from voorkant.privacy.services import subject_hash

    ctx = current_job()
    label = ctx.actor_label if ctx is not None else job_actor().name
    now = timezone.now()
    records = ProcessingLogRecord.objects.bulk_create(
        [
            ProcessingLogRecord(
                occurred_at=now,
                user=None,
                actor_label=label,
                channel=Channel.JOB,
                activity=ProcessingActivity.CUSTOMER_CONTACT,
                purpose="Bericht aan klant versturen",
                action="e-mail.verzenden",
                object_type="uitgaande-e-mail",
                object_uuid=message.uuid,
                subject_count=1,
            )
            for message in messages
        ]
    )
    ProcessingLogSubject.objects.bulk_create(
        [
            ProcessingLogSubject(record=record, subject_hash=subject_hash(Subject("e-mail", message.to)))
            for record, message in zip(records, messages, strict=True)
        ]
    )


def _send_one_by_one(messages: list[OutboxMessage], emails: list[EmailMessage]) -> list[OutboxMessage]:
    """Hand messages over one at a time, so one refused address does not hold back the others."""
    sent = []
    for message, email in zip(messages, emails, strict=True):
        try:
            email.send()
        except Exception as exc:  # noqa: BLE001 - any transport failure is retried by a later run
            message.attempts += 1
            message.last_error = type(exc).__name__
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
            message.save(update_fields=["status", "attempts", "last_error"])
            logger.warning("outbox message %s not sent (%s)", message.uuid, type(exc).__name__)
            continue
        sent.append(message)
    return sent


def _send_chunk(*, limit: int, mail_connection) -> int:
    """Send up to ``limit`` pending messages and mark them in one transaction. Returns how many were taken.

    With a backend that writes to this database (RecordingEmailBackend) the record and the "sent" mark commit
    together: exactly once. With SMTP a crash between handing over and commit resends at most this chunk
    (the Message-ID stays the same, so receiving servers can recognise the repeat).
    """
    with transaction.atomic():
        query = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).order_by("id")
        if connection.vendor == "postgresql":
            query = query.select_for_update(skip_locked=True)
        messages = list(query[:limit])
        if not messages:
            return 0
        if not _can_deliver():
            OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
                status=OutboxStatus.BLOCKED, attempts=F("attempts") + 1
            )
            return len(messages)
        emails = [
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
                headers={"Message-ID": f"<{message.uuid}@voorkant>"},
                connection=mail_connection,
            )
            for message in messages
        ]
        if getattr(mail_connection, "writes_to_database", False):
            mail_connection.send_messages(emails)
            sent = messages
        else:
            sent = _send_one_by_one(messages, emails)
        if sent:
            OutboxMessage.objects.filter(pk__in=[m.pk for m in sent]).update(
                status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
            )
            _processing_log_sent(sent)
        return len(messages)


def outbox_send_pending(*, limit: int | None = None) -> int:
    """Send up to ``limit`` pending messages over one mail connection, in chunks of OUTBOX_CHUNK_SIZE.
    Returns how many were taken."""
    limit = limit or settings.OUTBOX_BATCH_SIZE
    mail_connection = None
    if _can_deliver():
        mail_connection = get_connection()
        try:
            mail_connection.open()
        except Exception:  # noqa: BLE001 - each message then tries on its own and records the failure
            logger.warning("mail server not reachable; messages stay pending")
            mail_connection = None
    taken = 0
    try:
        while taken < limit:
            chunk = _send_chunk(
                limit=min(settings.OUTBOX_CHUNK_SIZE, limit - taken), mail_connection=mail_connection
            )
            if chunk == 0:
                break
            taken += chunk
            if mail_connection is None and _can_deliver():
                break  # mail server down: leave the rest for the next run
    finally:
        if mail_connection is not None:
            mail_connection.close()
    return taken
