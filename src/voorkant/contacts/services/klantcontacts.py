"""Questions (klantcontacten) and what hangs on them, as other systems register them through the API.

Each public function is one user action: one transaction, one processing-log record naming the parties
involved. ``klantcontact_make`` combines a question, its betrokkene and its onderwerpobject in one action.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from voorkant.catalogue.selectors import protocol_version_for_product
from voorkant.contacts.models import (
    ActorInvolvement,
    Attachment,
    Channel,
    Conversation,
    Involvement,
    InvolvementRole,
    Outcome,
    Question,
    SubjectObject,
)
from voorkant.contacts.selectors import channels_by_code, outcomes_by_code
from voorkant.contacts.services.counts import QUESTION_COUNT_ADD_SQL, question_count_add
from voorkant.contacts.services.registration import question_ids_reserve, question_number_for
from voorkant.core.prepared import insert_new_rows, prepared_cursor, prepared_statements_enabled
from voorkant.events.catalogue import EventType
from voorkant.events.services import publish
from voorkant.privacy.models import Channel as LogChannel
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

API_OUTCOME_CODE = "via-koppeling"
PURPOSE = "Klantcontact vastleggen voor dienstverlening"

QUESTION_FIELDS = {
    "subject",
    "note",
    "response",
    "contact_succeeded",
    "further_action_taken",
    "language",
    "is_confidential",
    "occurred_at",
    "reference_number",
    "main_subject_type",
    "metadata",
}
INVOLVEMENT_FIELDS = {
    "party",
    "role",
    "is_initiator",
    "organisation_name",
    "initials",
    "first_name",
    "surname_prefix",
    "surname",
}
IDENTIFIER_FIELDS = {"object_id", "object_type", "register", "id_kind"}


def channel_by_name(name: str) -> Channel:
    """The active channel whose code or name is ``name`` (case does not matter)."""
    text = (name or "").strip().lower()
    # The per-process reference rows (contacts.selectors): every API create names its channel.
    for channel in channels_by_code().values():
        if channel.is_active and text in (channel.code.lower(), channel.name.lower()):
            return channel
    raise ValidationError({"kanaal": ["Dit kanaal kennen we niet. Gebruik een kanaal uit het beheer."]})


def _question_subjects(question_ids: Iterable[int]) -> list[Subject]:
    party_uuids = Involvement.objects.filter(
        question_id__in=list(question_ids), party__isnull=False
    ).values_list("party__uuid", flat=True)
    return [Subject("partij", str(u)) for u in party_uuids]


def _log(
    *, actor_label: str, action: str, subjects: Iterable[Subject], object_type: str, object_uuid
) -> None:
    processing_log_write(
        actor_label=actor_label,
        channel=LogChannel.API,
        activity=ProcessingActivity.CUSTOMER_CONTACT,
        purpose=PURPOSE,
        action=action,
        subjects=subjects,
        object_type=object_type,
        object_uuid=object_uuid,
    )


def _apply(instance: Model, changes: dict[str, Any], allowed: set[str]) -> list[str]:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)
    return list(changes)


def _api_outcome() -> Outcome:
    outcome = outcomes_by_code().get(API_OUTCOME_CODE)
    if outcome is None:
        raise Outcome.DoesNotExist(f"outcome {API_OUTCOME_CODE!r} is missing")
    return outcome


def _new_ids() -> tuple[int | None, int]:
    """(conversation id, question id) for a new question, taken before the inserts. SQLite: no conversation
    id (its insert gives one) and the question id from ``question_ids_reserve``."""
    if not prepared_statements_enabled():
        return None, question_ids_reserve(1)[0]
    with prepared_cursor() as cursor:
        cursor.execute(_NEW_IDS_SQL)
        return cursor.fetchone()


_NEW_IDS_SQL = (
    f"SELECT nextval(pg_get_serial_sequence('{Conversation._meta.db_table}', 'id')),"
    f" nextval(pg_get_serial_sequence('{Question._meta.db_table}', 'id'))"
)


def _question_create(*, channel: Channel, occurred_at: datetime, fields: dict[str, Any]) -> Question:
    values = {k: v for k, v in fields.items() if k in QUESTION_FIELDS and k != "occurred_at"}
    # The ids first, so the question is written with its final number (no UPDATE of the row just inserted,
    # which with the number in a unique index rewrote the row and an entry in each of its indexes), and the
    # conversation, the question and the counter in one statement where the database allows it.
    conversation_id, pk = _new_ids()
    conversation = Conversation(
        pk=conversation_id, channel=channel, started_at=occurred_at, ended_at=occurred_at
    )
    question = Question(
        pk=pk,
        number=question_number_for(pk),
        conversation=conversation,
        channel=channel,
        occurred_at=occurred_at,
        outcome=_api_outcome(),
        # Every question records the protocol it was registered under. The standard's klantcontact names
        # no product, so another system's question follows the default protocol, as a werkplek question
        # without a product does (the same per-process cached lookup, so no query as a rule).
        protocol_version=protocol_version_for_product(product=None),
        **values,
    )
    counted = insert_new_rows(
        conversation, question, then=(QUESTION_COUNT_ADD_SQL, [1, question.is_confidential])
    )
    if not counted:  # saved by the ORM, or the counters are missing (question_count_add rebuilds them)
        question_count_add(is_confidential=question.is_confidential, delta=1)
    return question


@transaction.atomic
def klantcontact_create(
    *, actor_label: str, channel: Channel, occurred_at: datetime, fields: dict[str, Any]
) -> Question:
    """Register a question another system reports. ``fields`` holds Question field names (QUESTION_FIELDS)."""
    question = _question_create(channel=channel, occurred_at=occurred_at, fields=fields)
    publish(EventType.QUESTION_REGISTERED, question_ids=[question.pk])
    _log(
        actor_label=actor_label,
        action="klantcontact.registreren",
        subjects=[],
        object_type="klantcontact",
        object_uuid=question.uuid,
    )
    return question


@transaction.atomic
def klantcontact_update(
    *, actor_label: str, question: Question, changes: dict[str, Any], channel: Channel | None = None
) -> Question:
    """Change a question; moving it between visibility classes moves it between the counters too."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    was_confidential = question.is_confidential
    fields = _apply(question, changes, QUESTION_FIELDS)
    if channel is not None:
        question.channel = channel
        fields.append("channel")
        Conversation.objects.filter(pk=question.conversation_id).update(channel=channel)
    if fields:
        question.save(update_fields=fields)
    if question.is_confidential != was_confidential:
        question_count_add(is_confidential=was_confidential, delta=-1)
        question_count_add(is_confidential=question.is_confidential, delta=1)
    publish(EventType.QUESTION_CHANGED, question_ids=[question.pk])
    _log(
        actor_label=actor_label,
        action="klantcontact.wijzigen",
        subjects=_question_subjects([question.pk]),
        object_type="klantcontact",
        object_uuid=question.uuid,
    )
    return question


@transaction.atomic
def klantcontact_delete(*, actor_label: str, question: Question) -> None:
    """Remove a question and what hangs on it; its conversation goes when it was the last question."""
    subjects = _question_subjects([question.pk])
    conversation_id = question.conversation_id
    deleted, _ = Question.objects.filter(pk=question.pk).delete()
    if deleted:
        question_count_add(is_confidential=question.is_confidential, delta=-1)
    if not Question.objects.filter(conversation_id=conversation_id).exists():
        Conversation.objects.filter(pk=conversation_id).delete()
    publish(EventType.QUESTION_CHANGED, question_ids=[question.pk])
    _log(
        actor_label=actor_label,
        action="klantcontact.verwijderen",
        subjects=subjects,
        object_type="klantcontact",
        object_uuid=question.uuid,
    )


def _involvement_create(*, question: Question, fields: dict[str, Any]) -> Involvement:
    unknown = set(fields) - INVOLVEMENT_FIELDS
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    values = {"role": InvolvementRole.CUSTOMER, "is_initiator": False, **fields}
    return Involvement.objects.create(question=question, occurred_at=question.occurred_at, **values)


def _involvement_subjects(involvement: Involvement) -> list[Subject]:
    return [Subject("partij", str(involvement.party.uuid))] if involvement.party_id else []


@transaction.atomic
def involvement_create(*, actor_label: str, question: Question, fields: dict[str, Any]) -> Involvement:
    """Record who took part in a question (betrokkene), with or without a stored party."""
    involvement = _involvement_create(question=question, fields=fields)
    publish(EventType.QUESTION_CHANGED, question_ids=[question.pk])
    _log(
        actor_label=actor_label,
        action="betrokkene.registreren",
        subjects=_involvement_subjects(involvement),
        object_type="betrokkene",
        object_uuid=involvement.uuid,
    )
    return involvement


@transaction.atomic
def involvement_update(
    *, actor_label: str, involvement: Involvement, changes: dict[str, Any], question: Question | None = None
) -> Involvement:
    # The customer of a question (and so its repeat contacts) can change with its betrokkene.
    affected = {involvement.question_id}
    fields = _apply(involvement, changes, INVOLVEMENT_FIELDS)
    if question is not None:
        affected.add(question.pk)
        involvement.question = question
        involvement.occurred_at = question.occurred_at
        fields += ["question", "occurred_at"]
    if fields:
        involvement.save(update_fields=fields)
    publish(EventType.QUESTION_CHANGED, question_ids=sorted(affected))
    _log(
        actor_label=actor_label,
        action="betrokkene.wijzigen",
        subjects=_involvement_subjects(involvement),
        object_type="betrokkene",
        object_uuid=involvement.uuid,
    )
    return involvement


@transaction.atomic
def involvement_delete(*, actor_label: str, involvement: Involvement) -> None:
    subjects = _involvement_subjects(involvement)
    Involvement.objects.filter(pk=involvement.pk).delete()
    publish(EventType.QUESTION_CHANGED, question_ids=[involvement.question_id])
    _log(
        actor_label=actor_label,
        action="betrokkene.verwijderen",
        subjects=subjects,
        object_type="betrokkene",
        object_uuid=involvement.uuid,
    )


@transaction.atomic
def klantcontact_make(
    *,
    actor_label: str,
    channel: Channel,
    occurred_at: datetime,
    fields: dict[str, Any],
    involvement: dict[str, Any] | None = None,
    subject_object: dict[str, Any] | None = None,
) -> tuple[Question, Involvement | None, SubjectObject | None]:
    """A question with its betrokkene and onderwerpobject in one action: all three are stored, or none."""
    question = _question_create(channel=channel, occurred_at=occurred_at, fields=fields)
    made_involvement = (
        _involvement_create(question=question, fields=involvement) if involvement is not None else None
    )
    made_object = None
    if subject_object is not None:
        made_object = _subject_object_create(fields={**subject_object, "question": question})
    subjects = _involvement_subjects(made_involvement) if made_involvement else []
    publish(EventType.QUESTION_REGISTERED, question_ids=[question.pk])
    _log(
        actor_label=actor_label,
        action="klantcontact.maken",
        subjects=subjects,
        object_type="klantcontact",
        object_uuid=question.uuid,
    )
    return question, made_involvement, made_object


# --- Onderwerpobjecten, bijlagen and actoren bij een klantcontact -------------------------------------------

SUBJECT_OBJECT_FIELDS = IDENTIFIER_FIELDS | {"question", "was_question"}
ATTACHMENT_FIELDS = IDENTIFIER_FIELDS | {"question"}


def _subject_object_create(*, fields: dict[str, Any]) -> SubjectObject:
    instance = SubjectObject()
    _apply(instance, fields, SUBJECT_OBJECT_FIELDS)
    instance.save()
    return instance


def _linked_subjects(question_id: int | None) -> list[Subject]:
    return _question_subjects([question_id]) if question_id else []


@transaction.atomic
def subject_object_create(*, actor_label: str, fields: dict[str, Any]) -> SubjectObject:
    """Record an object a question was about (onderwerpobject)."""
    instance = _subject_object_create(fields=fields)
    _log(
        actor_label=actor_label,
        action="onderwerpobject.registreren",
        subjects=_linked_subjects(instance.question_id),
        object_type="onderwerpobject",
        object_uuid=instance.uuid,
    )
    return instance


@transaction.atomic
def subject_object_update(
    *, actor_label: str, instance: SubjectObject, changes: dict[str, Any]
) -> SubjectObject:
    fields = _apply(instance, changes, SUBJECT_OBJECT_FIELDS)
    if fields:
        instance.save(update_fields=fields)
    _log(
        actor_label=actor_label,
        action="onderwerpobject.wijzigen",
        subjects=_linked_subjects(instance.question_id),
        object_type="onderwerpobject",
        object_uuid=instance.uuid,
    )
    return instance


@transaction.atomic
def subject_object_delete(*, actor_label: str, instance: SubjectObject) -> None:
    subjects = _linked_subjects(instance.question_id)
    SubjectObject.objects.filter(pk=instance.pk).delete()
    _log(
        actor_label=actor_label,
        action="onderwerpobject.verwijderen",
        subjects=subjects,
        object_type="onderwerpobject",
        object_uuid=instance.uuid,
    )


@transaction.atomic
def attachment_create(*, actor_label: str, fields: dict[str, Any]) -> Attachment:
    """Record a document that describes (part of) a question (bijlage)."""
    instance = Attachment()
    _apply(instance, fields, ATTACHMENT_FIELDS)
    instance.save()
    _log(
        actor_label=actor_label,
        action="bijlage.registreren",
        subjects=_linked_subjects(instance.question_id),
        object_type="bijlage",
        object_uuid=instance.uuid,
    )
    return instance


@transaction.atomic
def attachment_update(*, actor_label: str, instance: Attachment, changes: dict[str, Any]) -> Attachment:
    fields = _apply(instance, changes, ATTACHMENT_FIELDS)
    if fields:
        instance.save(update_fields=fields)
    _log(
        actor_label=actor_label,
        action="bijlage.wijzigen",
        subjects=_linked_subjects(instance.question_id),
        object_type="bijlage",
        object_uuid=instance.uuid,
    )
    return instance


@transaction.atomic
def attachment_delete(*, actor_label: str, instance: Attachment) -> None:
    subjects = _linked_subjects(instance.question_id)
    Attachment.objects.filter(pk=instance.pk).delete()
    _log(
        actor_label=actor_label,
        action="bijlage.verwijderen",
        subjects=subjects,
        object_type="bijlage",
        object_uuid=instance.uuid,
    )


@transaction.atomic
def actor_involvement_save(
    *, actor_label: str, instance: ActorInvolvement | None = None, question: Question, actor
) -> ActorInvolvement:
    """Create or change the link between an actor and a question (actorklantcontact)."""
    instance = instance or ActorInvolvement()
    instance.question = question
    instance.actor = actor
    if ActorInvolvement.objects.filter(question=question, actor=actor).exclude(pk=instance.pk).exists():
        raise ValidationError({"actor": ["Deze actor is al aan dit klantcontact gekoppeld."]})
    instance.save()
    _log(
        actor_label=actor_label,
        action="actorklantcontact.opslaan",
        subjects=[],
        object_type="actorklantcontact",
        object_uuid=instance.uuid,
    )
    return instance


@transaction.atomic
def actor_involvement_delete(*, actor_label: str, instance: ActorInvolvement) -> None:
    ActorInvolvement.objects.filter(pk=instance.pk).delete()
    _log(
        actor_label=actor_label,
        action="actorklantcontact.verwijderen",
        subjects=[],
        object_type="actorklantcontact",
        object_uuid=instance.uuid,
    )
