"""Registering a finished conversation and its questions: one transaction, one processing-log record.

The checks come first (``registration_checks``); nothing is written unless all of them pass. The number of
queries does not grow with the number of questions: each kind of row is written in one statement.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from voorkant.catalogue.models import Product, ProtocolVersion
from voorkant.catalogue.services import answer_is_filler, answers_clean
from voorkant.contacts.models import (
    Channel,
    Conversation,
    Involvement,
    Outcome,
    OutcomeCategory,
    Question,
    QuestionAnswer,
    Transfer,
)
from voorkant.contacts.services.counts import question_count_add
from voorkant.contacts.services.registration_checks import (
    CallerRef,
    QuestionInput,
    TransferInput,
    caller_party_visible,
    keeps_personal_data,
    phone_normalise,
    protocol_versions_for,
    registration_problems,
)
from voorkant.core.reference_cache import ReferenceCache
from voorkant.events.catalogue import EventType
from voorkant.events.services import publish
from voorkant.knowledge.models import KnowledgeItem
from voorkant.organisation.models import Actor
from voorkant.parties.models import AddressKind, DigitalAddress, Party
from voorkant.privacy.models import Channel as LogChannel
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

logger = logging.getLogger(__name__)


def question_number_for(pk: int) -> str:
    """The klantcontactnummer: derived from the primary key, so it is unique without a shared counter."""
    return str(pk).zfill(7)


def question_ids_reserve(count: int) -> list[int]:
    """Take ``count`` primary keys for new questions before inserting them, so that each question is
    inserted with its final number: no placeholder, and no UPDATE of the row just written (which, with the
    number in a unique index, writes a new row version and an entry in each of the table's indexes).

    PostgreSQL: values of the id column's own sequence (``nextval``), so ids taken this way and ids the
    database hands out by default never meet; a rolled-back transaction leaves a gap, as before.
    SQLite has no sequences: the write transaction (``BEGIN IMMEDIATE``) holds the database's write lock,
    so the ids after the highest ever used (``sqlite_sequence``, kept by AUTOINCREMENT, so a deleted
    question's number is never handed out again) cannot be taken by anyone else before the commit.
    """
    if count <= 0:
        return []
    table = Question._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("Question ids are reserved inside the transaction that inserts them.")
        quoted = connection.ops.quote_name(table)
        # The model's own table name, quoted: no outside input reaches this statement.
        sql = (
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max(id) FROM {quoted}), 0))"
        )
        cursor.execute(sql, [table])
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def _question_build(
    *,
    conversation: Conversation,
    protocol_version: ProtocolVersion | None,
    subject: str,
    outcome: Outcome,
    note: str,
    product: Product | None,
    knowledge_item: KnowledgeItem | None,
    answer_found: bool | None,
    pk: int,
) -> Question:
    """An unsaved question with its reserved primary key and the number derived from it."""
    return Question(
        pk=pk,
        number=question_number_for(pk),
        conversation=conversation,
        channel=conversation.channel,
        occurred_at=conversation.started_at,
        subject=subject.strip(),
        note=note or "",
        product=product,
        protocol_version=protocol_version,
        outcome=outcome,
        knowledge_item=knowledge_item,
        answer_found=True if knowledge_item is not None else bool(answer_found),
        # The product decides the default: tokens without the confidential flag never see these.
        is_confidential=bool(product is not None and product.is_confidential_by_default),
        contact_succeeded=outcome.category != OutcomeCategory.DISCONNECTED,
        further_action_taken=outcome.category == OutcomeCategory.FOLLOW_UP,
    )


def _transfer_build(question: Question, transfer: TransferInput | None) -> Transfer | None:
    if transfer is None or transfer.connected is None:
        return None
    return Transfer(
        question=question,
        target_label=transfer.target_label or "",
        connected=transfer.connected,
        reached_right_person=transfer.reached_right_person,
        wait_seconds=transfer.wait_seconds,
    )


def question_register(
    *,
    conversation: Conversation,
    protocol_version: ProtocolVersion | None,
    subject: str,
    outcome: Outcome,
    note: str = "",
    product: Product | None = None,
    knowledge_item: KnowledgeItem | None = None,
    answer_found: bool | None = None,
    transfer: TransferInput | None = None,
    count: bool = True,
) -> Question:
    """Store one question (klantcontact) of a conversation; the caller validates and holds the transaction.
    (A whole conversation's questions are stored together by ``conversation_register``.)"""
    question = _question_build(
        conversation=conversation,
        protocol_version=protocol_version,
        subject=subject,
        outcome=outcome,
        note=note,
        product=product,
        knowledge_item=knowledge_item,
        answer_found=answer_found,
        pk=question_ids_reserve(1)[0],
    )
    question.save(force_insert=True)
    if count:
        question_count_add(is_confidential=question.is_confidential, delta=1)
    built = _transfer_build(question, transfer)
    if built is not None:
        built.save(force_insert=True)
    return question


def _answers_build(question: Question, version: ProtocolVersion, answers: dict) -> list[QuestionAnswer]:
    """The protocol answers per field; answers_clean drops whatever the protocol does not ask."""
    cleaned = answers_clean(version=version, answers=answers)
    if not cleaned:
        return []
    fields = {f.key: f for f in version.fields.all()}
    return [
        QuestionAnswer(
            question=question,
            field=fields[key],
            value=value,
            is_filler=answer_is_filler(kind=fields[key].kind, value=value),
        )
        for key, value in cleaned.items()
    ]


def conversation_register(
    *,
    user,
    channel: Channel | None,
    started_at: datetime | None,
    ended_at: datetime | None,
    caller: CallerRef | None,
    questions: list[QuestionInput],
    protocol_version: ProtocolVersion | None = None,
    via: str = LogChannel.UI,
) -> Conversation:
    """Register a conversation with its questions, involvements and transfers in one transaction.

    ``caller`` None means anonymous: questions get an involvement without a party only when contact details
    were given. One processing-log record covers the whole registration (activity kcc-klantcontact).
    Raises ValidationError with Dutch messages keyed per field; then nothing is saved. The returned
    conversation carries its new questions, in order, in ``registered_questions``, and their transfers in
    ``registered_transfers``.

    The number of queries does not depend on the number of questions: each kind of row is written in one
    statement for the whole conversation.
    """
    versions = protocol_versions_for(questions, protocol_version)
    party = caller_party_visible(user, caller)
    errors = registration_problems(
        channel=channel,
        started_at=started_at,
        ended_at=ended_at,
        caller=caller,
        party=party,
        questions=questions,
        versions=versions,
    )
    if errors:
        raise ValidationError(errors)
    # Validation reads only; the writes below are one transaction. Inside a caller's transaction (finishing
    # a draft) they are part of it without a savepoint of their own: a failed write fails the whole action.
    with transaction.atomic(savepoint=False):
        return _conversation_write(
            user=user,
            channel=channel,
            started_at=started_at,
            ended_at=ended_at,
            caller=caller,
            visible_party=party,
            questions=questions,
            versions=versions,
            via=via,
        )


# The agent's actor is the same row for every conversation an agent registers; kept per process like the
# reference rows (cleared by saves of actors and employees; other processes: REFERENCE_CACHE_SECONDS).
AGENT_ACTORS = ReferenceCache("agent-actors")


def agent_actor_id(user) -> int | None:
    """The id of the actor of the user's employee record; None without a user or an employee."""
    if user is None or user.pk is None:
        return None
    user_id = user.pk
    return AGENT_ACTORS.get(
        user_id, lambda: Actor.objects.filter(employee__user_id=user_id).values_list("pk", flat=True).first()
    )


def _resolve_party(caller: CallerRef | None, visible_party: Party | None) -> tuple[Party | None, str | None]:
    """The party to link and its BSN. A party found by uuid was read (with its BSN) during validation; a
    BSN seen for the first time becomes a party built from the population register."""
    if caller is None:
        return None, None
    if visible_party is not None:
        return visible_party, caller.bsn or visible_party.bsn_value
    from voorkant.parties.services import party_for_caller

    return party_for_caller(bsn=caller.bsn or None, party_uuid=caller.party_uuid or None), caller.bsn


def _conversation_write(
    *, user, channel, started_at, ended_at, caller, visible_party, questions, versions, via
) -> Conversation:
    # A party is stored only when some question's protocol keeps the link (VNG C9167, AVG minimisation).
    keeps = [keeps_personal_data(item, v) for item, v in zip(questions, versions, strict=True)]
    party_needed = any(item.needs_party and keep for item, keep in zip(questions, keeps, strict=True))
    party, bsn = _resolve_party(caller, visible_party) if party_needed else (None, None)
    conversation = Conversation.objects.create(
        channel=channel, agent_id=agent_actor_id(user), started_at=started_at, ended_at=ended_at
    )
    built = [
        _question_build(
            conversation=conversation,
            protocol_version=version,
            subject=item.subject,
            outcome=item.outcome,
            # Free text can hold anything about the person: a minimal protocol does not store it.
            note=item.note if keep else "",
            product=item.product,
            knowledge_item=item.knowledge_item,
            answer_found=item.answer_found,
            pk=pk,
        )
        for item, version, keep, pk in zip(
            questions, versions, keeps, question_ids_reserve(len(questions)), strict=True
        )
    ]
    Question.objects.bulk_create(built)

    transfers, answers, involvements = [], [], []
    for question, item, version, keep in zip(built, questions, versions, keeps, strict=True):
        transfer = _transfer_build(question, item.transfer)
        if transfer is not None:
            transfers.append(transfer)
        answers.extend(_answers_build(question, version, item.answers or {}))
        with_party = party is not None and item.needs_party and keep
        if with_party or (keep and (item.phone or item.email)):
            involvements.append(
                Involvement(
                    question=question, party=party if with_party else None, occurred_at=question.occurred_at
                )
            )
    for model, rows in ((Transfer, transfers), (QuestionAnswer, answers), (Involvement, involvements)):
        if rows:
            model.objects.bulk_create(rows)

    subjects: set[Subject] = set()
    if party is not None:
        subjects.add(Subject("partij", str(party.uuid)))
    if bsn:
        subjects.add(Subject("bsn", bsn))
    # Contact details given for one question stay on its involvement (VNG C9167), unless the protocol is
    # minimal: then nothing about the person is kept.
    involved = {involvement.question_id: involvement for involvement in involvements}
    addresses: list[DigitalAddress] = []
    for question, item, keep in zip(built, questions, keeps, strict=True):
        if not keep:
            continue
        if item.phone:
            normalized = phone_normalise(item.phone)
            addresses.append(
                DigitalAddress(
                    involvement=involved[question.pk],
                    kind=AddressKind.PHONE,
                    address=item.phone,
                    normalized=normalized,
                )
            )
            subjects.add(Subject("telefoon", normalized))
        if item.email:
            normalized = item.email.strip().lower()
            addresses.append(
                DigitalAddress(
                    involvement=involved[question.pk],
                    kind=AddressKind.EMAIL,
                    address=item.email,
                    normalized=normalized,
                )
            )
            subjects.add(Subject("email", normalized))
    if addresses:
        DigitalAddress.objects.bulk_create(addresses)
    processing_log_write(
        user=user,
        channel=via,
        activity=ProcessingActivity.CUSTOMER_CONTACT,
        purpose="Vraag van de klant beantwoorden en vastleggen",
        action="klantcontact.registreren",
        subjects=subjects,
        object_type="gesprek",
        object_uuid=conversation.uuid,
    )
    # The API's exact counts, once per conversation and visibility class.
    confidential = sum(1 for question in built if question.is_confidential)
    if confidential:
        question_count_add(is_confidential=True, delta=confidential)
    if len(built) - confidential:
        question_count_add(is_confidential=False, delta=len(built) - confidential)
    # One event for the conversation's questions; subscribers run as jobs once this transaction commits.
    publish(EventType.QUESTION_REGISTERED, question_ids=[question.pk for question in built])
    publish(EventType.CONVERSATION_COMPLETED, conversation_uuid=str(conversation.uuid))
    logger.info("conversation registered uuid=%s questions=%d", conversation.uuid, len(built))
    conversation.registered_questions = built
    conversation.registered_transfers = transfers
    return conversation
