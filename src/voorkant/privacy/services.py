"""Writing the processing log. Services call this explicitly for every action on personal data."""

from __future__ import annotations

import hashlib
import hmac
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
    return _keyed_hash(settings.PROCESSING_LOG_KEY, f"{subject.kind}:{subject.value.strip().lower()}")


@lru_cache(maxsize=4096)
def _keyed_hash(key: str, message: str) -> str:
    # Cached per process: an API page names the same few dozen parties request after request, and an HMAC
    # each costs more than the rest of their logging. The key is part of the cache key, so a changed key
    # never returns an old hash.
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


# The record and its subjects in one statement (PostgreSQL): one round trip and no transaction of its own,
# atomic by itself; inside a caller's transaction it lands or fails with the action.
_RECORD_COLUMNS = (
    "uuid",
    "occurred_at",
    "user_id",
    "actor_label",
    "channel",
    "activity",
    "purpose",
    "action",
    "object_type",
    "object_uuid",
    "subject_count",
)
# Table and column names come from our own models; values travel as parameters.
_INSERT_SQL = (
    f"WITH record AS (INSERT INTO {ProcessingLogRecord._meta.db_table} ({', '.join(_RECORD_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * len(_RECORD_COLUMNS))}) RETURNING id), "
    f"subjects AS (INSERT INTO {ProcessingLogSubject._meta.db_table} (record_id, subject_hash) "
    "SELECT id, unnest(%s::varchar[]) FROM record) "
    "SELECT id FROM record"
)


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
    if connection.vendor == "postgresql":
        record = ProcessingLogRecord(uuid=uuid_module.uuid4(), **values)
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT_SQL,
                [
                    record.uuid,
                    record.occurred_at,
                    record.user_id,
                    label,
                    str(channel),
                    str(activity),
                    purpose,
                    action,
                    object_type,
                    object_uuid,
                    len(hashes),
                    "{" + ",".join(hashes) + "}",
                ],
            )
            record.pk = cursor.fetchone()[0]
        record._state.adding = False
        return record
    if not hashes:
        return ProcessingLogRecord.objects.create(**values)
    # The record and its subjects in one transaction (one commit for a read that has none of its own).
    with transaction.atomic(savepoint=False):
        record = ProcessingLogRecord.objects.create(**values)
        ProcessingLogSubject.objects.bulk_create(
            [ProcessingLogSubject(record=record, subject_hash=h) for h in hashes]
        )
    return record
