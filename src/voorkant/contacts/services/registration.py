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

from voorkant.catalogue.models import Product, ProtocolLevel, ProtocolVersion
from voorkant.catalogue.selectors import protocol_version_for_product
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
    # Answers to the protocol's questions, keyed by field key; anything outside the protocol is dropped.
    answers: dict = field(default_factory=dict)
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
    *,
    user,
    channel: Channel | None,
    started_at,
    ended_at,
    caller: CallerRef | None,
    questions,
    protocol_version: ProtocolVersion | None = None,
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
    versions = _versions_for(questions, protocol_version)
    for index, (item, version) in enumerate(zip(questions, versions, strict=True)):
        _validate_question(index, item, errors)
        _validate_protocol(index, item, version, caller, errors)
    return errors


def _versions_for(questions, conversation_version: ProtocolVersion | None) -> list[ProtocolVersion]:
    """The protocol each question follows: the one given for the whole conversation, else its product's.
    Looked up once per product, so the query count does not grow with the number of questions."""
    if conversation_version is not None:
        return [conversation_version] * len(questions)
    found: dict[int | None, ProtocolVersion] = {}
    versions = []
    for item in questions:
        key = item.product.pk if item.product is not None else None
        if key not in found:
            found[key] = protocol_version_for_product(product=item.product)
        versions.append(found[key])
    return versions


def _keeps_personal_data(item: QuestionInput, version: ProtocolVersion) -> bool:
    """A minimal protocol stores no personal data, unless the question leads to a follow-up that needs it."""
    follow_up = item.outcome is not None and item.outcome.category == OutcomeCategory.FOLLOW_UP
    return version.level != ProtocolLevel.MINIMAL or follow_up


def _validate_protocol(index, item: QuestionInput, version, caller, errors) -> None:
    if version.level == ProtocolLevel.FULL and caller is None:
        errors.setdefault(f"q-{index}-caller", []).append(
            f"Voor '{item.product.name if item.product else version.protocol.name}' is een bekende klant "
            "nodig (protocol volledig). Zoek de klant op of leg een vervolgactie vast."
        )
    try:
        answers_clean(version=version, answers=item.answers or {})
    except ValidationError as invalid:
        for key, messages in invalid.message_dict.items():
            errors.setdefault(f"q-{index}-answer-{key}", []).extend(messages)


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
        # The product decides the default: tokens without the confidential flag never see these.
        is_confidential=bool(product is not None and product.is_confidential_by_default),
        contact_succeeded=outcome.category != OutcomeCategory.DISCONNECTED,
        further_action_taken=outcome.category == OutcomeCategory.FOLLOW_UP,
    )
    question.number = question_number_for(question.pk)
    Question.objects.filter(pk=question.pk).update(number=question.number)
    if count:
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


def _answers_store(question: Question, version: ProtocolVersion, answers: dict) -> None:
    """Store the protocol answers per field; answers_clean drops whatever the protocol does not ask."""
    cleaned = answers_clean(version=version, answers=answers)
    if not cleaned:
        return
    fields = {f.key: f for f in version.fields.all()}
    QuestionAnswer.objects.bulk_create(
        [
            QuestionAnswer(
                question=question,
                field=fields[key],
                value=value,
                is_filler=answer_is_filler(kind=fields[key].kind, value=value),
            )
            for key, value in cleaned.items()
        ]
    )


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
        protocol_version=protocol_version,
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
            version=protocol_version,
            via=via,
        )


def _conversation_write(
    *, user, channel, started_at, ended_at, caller, questions, version, via
) -> Conversation:
    versions = _versions_for(questions, version)
    # A party is stored only when some question's protocol keeps the link (VNG C9167, AVG minimisation).
    party_needed = any(
        item.needs_party and _keeps_personal_data(item, v)
        for item, v in zip(questions, versions, strict=True)
    )
    party, bsn = _resolve_party(caller) if party_needed else (None, None)
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
    for item, question_version in zip(questions, versions, strict=True):
        keeps = _keeps_personal_data(item, question_version)
        question = question_register(
            conversation=conversation,
            protocol_version=question_version,
            subject=item.subject,
            outcome=item.outcome,
            # Free text can hold anything about the person: a minimal protocol does not store it.
            note=item.note if keeps else "",
            product=item.product,
            knowledge_item=item.knowledge_item,
            answer_found=item.answer_found,
            transfer=item.transfer,
            count=False,  # counted once for the whole conversation below
        )
        question_ids.append(question.pk)
        _answers_store(question, question_version, item.answers or {})
        with_party = party is not None and item.needs_party and keeps
        phone, email = (item.phone, item.email) if keeps else ("", "")
        if not with_party and not (phone or email):
            continue  # nothing known about the person for this question: no involvement at all
        involvement = Involvement.objects.create(
            question=question, party=party if with_party else None, occurred_at=question.occurred_at
        )
        if phone:
            normalized = _normalise_phone(phone)
            addresses.append(
                DigitalAddress(
                    involvement=involvement, kind=AddressKind.PHONE, address=phone, normalized=normalized
                )
            )
            subjects.add(Subject("telefoon", normalized))
        if email:
            addresses.append(
                DigitalAddress(
                    involvement=involvement,
                    kind=AddressKind.EMAIL,
                    address=email,
                    normalized=email.strip().lower(),
                )
            )
            subjects.add(Subject("email", email.strip().lower()))
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
    confidential = sum(
        1 for item in questions if item.product is not None and item.product.is_confidential_by_default
    )
    if confidential:
        question_count_add(is_confidential=True, delta=confidential)
    if len(question_ids) - confidential:
        question_count_add(is_confidential=False, delta=len(question_ids) - confidential)
    # Published after commit, one event for the conversation's questions; subscribers run as jobs.
    publish(EventType.QUESTION_REGISTERED, question_ids=question_ids)
    publish(EventType.CONVERSATION_COMPLETED, conversation_uuid=str(conversation.uuid))
    logger.info("conversation registered uuid=%s questions=%d", conversation.uuid, len(questions))
    return conversation
