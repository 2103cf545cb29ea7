"""Registering a finished conversation and its questions: one transaction, one processing-log record.

Validation runs over every question before anything is written, so the agent sees all problems at once and
an invalid question never leaves a half-saved conversation behind. Error keys name the field the UI shows
them at: ``channel``, ``caller``, ``questions`` for the conversation, ``q-<index>-<field>`` per question.
"""

from __future__ import annotations

import logging
import uuid as uuid_module
from dataclasses import dataclass, field
from datetime import datetime

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from stdnum.nl import bsn as bsn_module

from voorkant.catalogue.models import Product, ProtocolVersion
from voorkant.catalogue.selectors import default_protocol_version
from voorkant.contacts.models import (
    Channel,
    Conversation,
    Involvement,
    Outcome,
    OutcomeCategory,
    Question,
    Transfer,
)
from voorkant.contacts.services.counts import question_count_add
from voorkant.events.catalogue import EventType
from voorkant.events.services import publish
from voorkant.knowledge.models import KnowledgeItem
from voorkant.organisation.models import Actor
from voorkant.parties.models import AddressKind, DigitalAddress, IdentifierType, PartyIdentifier
from voorkant.privacy.access import visible_parties
from voorkant.privacy.models import Channel as LogChannel
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

logger = logging.getLogger(__name__)

SUBJECT_MAX = 200
NOTE_MAX = 1000
TARGET_LABEL_MAX = 200
ADDRESS_MAX = 80


@dataclass(frozen=True)
class CallerRef:
    """Who called: a stored party, or a person identified by BSN (a party is made on registration)."""

    party_uuid: uuid_module.UUID | str | None = None
    bsn: str | None = None


@dataclass(frozen=True)
class TransferInput:
    """A transfer's two separate facts: was the caller connected, and did they reach the right person."""

    connected: bool | None
    reached_right_person: bool | None = None
    target_label: str = ""
    wait_seconds: int | None = None


@dataclass
class QuestionInput:
    """One question as the agent registered it. ``answer_found`` is derived when a kennisbank item is set."""

    subject: str
    outcome: Outcome | None
    note: str = ""
    product: Product | None = None
    knowledge_item: KnowledgeItem | None = None
    answer_found: bool | None = None
    transfer: TransferInput | None = None
    # Whether this question is about the caller personally; the protocol issue will set this per product.
    needs_party: bool = True
    # Contact details given for this question only (VNG C9167): kept on the involvement, not on the party.
    phone: str = ""
    email: str = ""
    # Problems found while reading the input (an unknown product name, a wait that is not a number), keyed
    # by field; reported together with the service's own checks.
    extra_errors: dict[str, str] = field(default_factory=dict)


def question_number_for(pk: int) -> str:
    """The klantcontactnummer: derived from the primary key, so it is unique without a shared counter."""
    return str(pk).zfill(7)


def _temporary_number() -> str:
    # Unique placeholder until the primary key is known; replaced in the same transaction.
    return "~" + uuid_module.uuid4().hex[:9]


def _normalise_phone(value: str) -> str | None:
    try:
        parsed = phonenumbers.parse(value, settings.DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _validate_question(index: int, item: QuestionInput, errors: dict[str, list[str]]) -> None:
    def add(name: str, message: str) -> None:
        errors.setdefault(f"q-{index}-{name}", []).append(message)

    for name, message in item.extra_errors.items():
        add(name, message)
    subject = (item.subject or "").strip()
    if not subject:
        add("subject", "Vul het onderwerp van de vraag in.")
    elif len(subject) > SUBJECT_MAX:
        add("subject", f"Het onderwerp is te lang: maximaal {SUBJECT_MAX} tekens, nu {len(subject)}.")
    if len(item.note or "") > NOTE_MAX:
        add("note", f"De notitie is te lang: maximaal {NOTE_MAX} tekens, nu {len(item.note)}.")
    if item.outcome is None:
        add("outcome", "Kies de uitkomst van de vraag.")
    elif not item.outcome.is_active:
        add("outcome", "Deze uitkomst wordt niet meer gebruikt. Kies een andere.")
    if item.product is not None and not item.product.is_active:
        add("product", "Dit product wordt niet meer aangeboden. Kies een ander product.")
    transferred = item.outcome is not None and item.outcome.category == OutcomeCategory.TRANSFERRED
    if transferred and (item.transfer is None or item.transfer.connected is None):
        add("connected", "Geef aan of het doorverbinden gelukt is.")
    if item.transfer is not None:
        if len(item.transfer.target_label or "") > TARGET_LABEL_MAX:
            add("target_label", f"Maximaal {TARGET_LABEL_MAX} tekens.")
        if item.transfer.wait_seconds is not None and item.transfer.wait_seconds < 0:
            add("wait_seconds", "De wachttijd kan niet negatief zijn.")
    if item.phone and (len(item.phone) > ADDRESS_MAX or _normalise_phone(item.phone) is None):
        add("phone", "Dit is geen geldig telefoonnummer. Bijvoorbeeld 06 12345678 of +31 20 123 4567.")
    if item.email:
        try:
            if len(item.email) > ADDRESS_MAX:
                raise ValidationError("te lang")
            validate_email(item.email)
        except ValidationError:
            add("email", "Dit is geen geldig e-mailadres. Bijvoorbeeld naam@voorbeeld.nl.")


def _party_visible(user, party_uuid) -> bool:
    try:
        party_uuid = uuid_module.UUID(str(party_uuid))
    except ValueError:
        return False
    return visible_parties(user).filter(uuid=party_uuid).exists()


def conversation_validate(
    *, user, channel: Channel | None, started_at, ended_at, caller: CallerRef | None, questions
) -> dict[str, list[str]]:
    """Every problem with a conversation to register, keyed per field; empty when it can be registered."""
    errors: dict[str, list[str]] = {}
    if channel is None:
        errors["channel"] = ["Kies het kanaal van het gesprek."]
    elif not channel.is_active:
        errors["channel"] = ["Dit kanaal wordt niet meer gebruikt. Kies een ander kanaal."]
    if started_at is None or ended_at is None:
        errors["started_at"] = ["Begin- en eindtijd van het gesprek zijn nodig."]
    elif ended_at < started_at:
        errors["ended_at"] = ["Het gesprek kan niet eindigen voordat het begon."]
    if caller is not None:
        if caller.bsn and not bsn_module.is_valid(caller.bsn):
            errors["caller"] = ["Dit BSN klopt niet (elfproef). Controleer het nummer."]
        elif caller.party_uuid and not _party_visible(user, caller.party_uuid):
            errors["caller"] = ["Deze klant is niet gevonden. Zoek de klant opnieuw."]
        elif not caller.bsn and not caller.party_uuid:
            errors["caller"] = ["Kies een klant of kies 'Anoniem'."]
    if not questions:
        errors["questions"] = ["Registreer minstens één vraag."]
    for index, item in enumerate(questions):
        _validate_question(index, item, errors)
    return errors


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
) -> Question:
    """Store one question (klantcontact) of a conversation; the caller validates and holds the transaction."""
    found = True if knowledge_item is not None else bool(answer_found)
    question = Question.objects.create(
        number=_temporary_number(),
        conversation=conversation,
        channel=conversation.channel,
        occurred_at=conversation.started_at,
        subject=subject.strip(),
        note=note or "",
        product=product,
        protocol_version=protocol_version,
        outcome=outcome,
        knowledge_item=knowledge_item,
        answer_found=found,
        contact_succeeded=outcome.category != OutcomeCategory.DISCONNECTED,
        further_action_taken=outcome.category == OutcomeCategory.FOLLOW_UP,
    )
    question.number = question_number_for(question.pk)
    Question.objects.filter(pk=question.pk).update(number=question.number)
    question_count_add(is_confidential=question.is_confidential, delta=1)
    if transfer is not None and transfer.connected is not None:
        Transfer.objects.create(
            question=question,
            target_label=transfer.target_label or "",
            connected=transfer.connected,
            reached_right_person=transfer.reached_right_person,
            wait_seconds=transfer.wait_seconds,
        )
    return question


def _resolve_party(caller: CallerRef | None):
    if caller is None:
        return None, None
    from voorkant.parties.services import party_for_caller

    party = party_for_caller(bsn=caller.bsn or None, party_uuid=caller.party_uuid or None)
    bsn = caller.bsn
    if not bsn:
        bsn = (
            PartyIdentifier.objects.filter(party=party, identifier_type=IdentifierType.BSN)
            .values_list("value", flat=True)
            .first()
        )
    return party, bsn


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
    Raises ValidationError with Dutch messages keyed per field; then nothing is saved.
    """
    errors = conversation_validate(
        user=user,
        channel=channel,
        started_at=started_at,
        ended_at=ended_at,
        caller=caller,
        questions=questions,
    )
    if errors:
        raise ValidationError(errors)
    # Validation reads only; the writes below are one transaction (a savepoint when the caller holds one).
    with transaction.atomic():
        return _conversation_write(
            user=user,
            channel=channel,
            started_at=started_at,
            ended_at=ended_at,
            caller=caller,
            questions=questions,
            version=protocol_version or default_protocol_version(),
            via=via,
        )


def _conversation_write(
    *, user, channel, started_at, ended_at, caller, questions, version, via
) -> Conversation:
    party, bsn = _resolve_party(caller)
    agent = Actor.objects.filter(employee__user=user).first() if user is not None else None
    conversation = Conversation.objects.create(
        channel=channel, agent=agent, started_at=started_at, ended_at=ended_at
    )
    subjects: set[Subject] = set()
    if party is not None:
        subjects.add(Subject("partij", str(party.uuid)))
    if bsn:
        subjects.add(Subject("bsn", bsn))
    addresses: list[DigitalAddress] = []
    question_ids: list[int] = []
    for item in questions:
        question = question_register(
            conversation=conversation,
            protocol_version=version,
            subject=item.subject,
            outcome=item.outcome,
            note=item.note,
            product=item.product,
            knowledge_item=item.knowledge_item,
            answer_found=item.answer_found,
            transfer=item.transfer,
        )
        question_ids.append(question.pk)
        with_party = party is not None and item.needs_party
        if not with_party and not (item.phone or item.email):
            continue  # nothing known about the person for this question: no involvement at all
        involvement = Involvement.objects.create(
            question=question, party=party if with_party else None, occurred_at=question.occurred_at
        )
        if item.phone:
            normalized = _normalise_phone(item.phone)
            addresses.append(
                DigitalAddress(
                    involvement=involvement, kind=AddressKind.PHONE, address=item.phone, normalized=normalized
                )
            )
            subjects.add(Subject("telefoon", normalized))
        if item.email:
            addresses.append(
                DigitalAddress(
                    involvement=involvement,
                    kind=AddressKind.EMAIL,
                    address=item.email,
                    normalized=item.email.strip().lower(),
                )
            )
            subjects.add(Subject("email", item.email.strip().lower()))
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
    # Published after commit; subscribers (dashboard rollups, later follow-ups) run as jobs.
    for question_id in question_ids:
        publish(EventType.QUESTION_REGISTERED, question_id=question_id)
    publish(EventType.CONVERSATION_COMPLETED, conversation_uuid=str(conversation.uuid))
    logger.info("conversation registered uuid=%s questions=%d", conversation.uuid, len(questions))
    return conversation
