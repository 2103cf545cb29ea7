"""Reads of the processing log for the privacy officer."""

from __future__ import annotations

from django.db.models import QuerySet

from voorkant.privacy.models import ProcessingLogRecord
from voorkant.privacy.services import Subject, subject_hash


def processing_log_for_subject(*, subject: Subject) -> QuerySet[ProcessingLogRecord]:
    """Every record that processed this subject, newest first. The identifier is hashed before searching."""
    return (
        ProcessingLogRecord.objects.filter(subjects__subject_hash=subject_hash(subject))
        .select_related("user")
        .order_by("-occurred_at", "-id")
    )
