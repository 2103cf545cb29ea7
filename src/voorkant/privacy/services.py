"""Writing the processing log. Services call this explicitly for every action on personal data."""

from __future__ import annotations

import hashlib
import hmac
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from voorkant.privacy.models import Channel, ProcessingActivity, ProcessingLogRecord, ProcessingLogSubject


@dataclass(frozen=True)
class Subject:
    """A data subject as the log knows it: a kind ('bsn', 'partij', 'telefoon', ...) and an identifier."""

    kind: str
    value: str


def subject_hash(subject: Subject) -> str:
    key = settings.PROCESSING_LOG_KEY.encode()
    message = f"{subject.kind}:{subject.value.strip().lower()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def processing_log_write(
    *,
    user=None,
    actor_label: str | None = None,
    channel: Channel,
    activity: ProcessingActivity,
    purpose: str,
    action: str,
    subjects: Iterable[Subject] = (),
    object_type: str = "",
    object_uuid: uuid_module.UUID | None = None,
) -> ProcessingLogRecord:
    """Write one record for one action. Call it inside the action's transaction so both land or neither."""
    hashes = sorted({subject_hash(s) for s in subjects})
    label = actor_label or (user.get_username() if user is not None else "onbekend")
    values = {
        "occurred_at": timezone.now(),
        "user": user,
        "actor_label": label,
        "channel": channel,
        "activity": activity,
        "purpose": purpose,
        "action": action,
        "object_type": object_type,
        "object_uuid": object_uuid,
        "subject_count": len(hashes),
    }
    if not hashes:
        return ProcessingLogRecord.objects.create(**values)
    # The record and its subjects in one transaction (one commit for a read that has none of its own);
    # inside a caller's transaction no savepoint is needed: the record lands or fails with the action.
    with transaction.atomic(savepoint=False):
        record = ProcessingLogRecord.objects.create(**values)
        if connection.vendor == "postgresql":
            # One array parameter instead of a model instance per subject: an API page names ~50 parties.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {ProcessingLogSubject._meta.db_table} (record_id, subject_hash) "
                    "SELECT %s, unnest(%s::varchar[])",
                    [record.pk, "{" + ",".join(hashes) + "}"],
                )
        else:
            ProcessingLogSubject.objects.bulk_create(
                [ProcessingLogSubject(record=record, subject_hash=h) for h in hashes]
            )
    return record
