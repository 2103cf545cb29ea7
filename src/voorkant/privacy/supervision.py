"""The privacy officer's question "who processed this person, when and why?", itself a logged action."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from voorkant.privacy.access import visible_processing_log
from voorkant.privacy.models import Channel, ProcessingActivity, ProcessingLogRecord
from voorkant.privacy.services import Subject, processing_log_write, subject_hash
from voorkant.registers.brp import validate_bsn

PURPOSE_SUPERVISION = "Toezicht op de verwerking van persoonsgegevens"


def subject_from_input(value: str) -> Subject:
    """A typed BSN, klantnummer or klant-uuid as the subject the log knows. Raises ValidationError in Dutch.

    A klantnummer is looked up only to find the party's uuid; nothing else about the party is read.
    """
    from voorkant.parties.models import Party

    text = re.sub(r"[\s.]", "", value or "")
    if not text:
        raise ValidationError("Typ een BSN of een klantnummer.", code="required")
    if re.fullmatch(r"\d{9}", text):
        return Subject("bsn", validate_bsn(text))
    try:
        return Subject("partij", str(uuid.UUID(text)))
    except ValueError:
        pass
    if re.fullmatch(r"\d{1,10}", text):
        party_uuid = Party.objects.filter(number=text.zfill(10)).values_list("uuid", flat=True).first()
        if party_uuid is None:
            raise ValidationError("Er is geen klant met dit klantnummer.", code="party_unknown")
        return Subject("partij", str(party_uuid))
    raise ValidationError("Typ een BSN (9 cijfers) of een klantnummer (10 cijfers).", code="invalid")


def processing_log_for_person(*, user, subject: Subject) -> QuerySet[ProcessingLogRecord]:
    """Records the user may read that processed this subject, newest first; the identifier is hashed first."""
    return (
        visible_processing_log(user)
        .filter(subjects__subject_hash=subject_hash(subject))
        .order_by("-occurred_at", "-id")
    )


def processing_log_search_log(*, user, subject: Subject) -> ProcessingLogRecord:
    """Record that the privacy officer looked up who processed this person."""
    return processing_log_write(
        user=user,
        channel=Channel.UI,
        activity=ProcessingActivity.PRIVACY_SUPERVISION,
        purpose=PURPOSE_SUPERVISION,
        action="verwerkingen.zoeken",
        subjects=[subject],
    )
