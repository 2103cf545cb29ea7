"""What a conversation to register must satisfy: its inputs, and every check made before anything is written.

Validation runs over every question before anything is written, so the agent sees all problems at once and
an invalid question never leaves a half-saved conversation behind. Error keys name the field the UI shows
them at: ``channel``, ``caller``, ``questions`` for the conversation, ``q-<index>-<field>`` per question.
"""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass, field

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import OuterRef, Subquery
from stdnum.nl import bsn as bsn_module

from voorkant.catalogue.models import Product, ProtocolLevel, ProtocolVersion
from voorkant.catalogue.selectors import protocol_version_for_product
from voorkant.catalogue.services import answers_clean
from voorkant.contacts.models import Channel, Outcome, OutcomeCategory
from voorkant.knowledge.models import KnowledgeItem
from voorkant.parties.models import IdentifierType, Party, PartyIdentifier
from voorkant.privacy.access import visible_parties

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


def phone_normalise(value: str) -> str | None:
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
    if item.phone and (len(item.phone) > ADDRESS_MAX or phone_normalise(item.phone) is None):
        add("phone", "Dit is geen geldig telefoonnummer. Bijvoorbeeld 06 12345678 of +31 20 123 4567.")
    if item.email:
        try:
            if len(item.email) > ADDRESS_MAX:
                raise ValidationError("te lang")
            validate_email(item.email)
        except ValidationError:
            add("email", "Dit is geen geldig e-mailadres. Bijvoorbeeld naam@voorbeeld.nl.")


def caller_party_visible(user, caller: CallerRef | None) -> Party | None:
    """The stored party the caller was identified as, read through the chokepoint, with its BSN (if it has
    one) in ``bsn_value``; None when there is no such party or the user may not see it. One query."""
    if caller is None or not caller.party_uuid:
        return None
    try:
        party_uuid = uuid_module.UUID(str(caller.party_uuid))
    except ValueError:
        return None
    bsn = PartyIdentifier.objects.filter(party=OuterRef("pk"), identifier_type=IdentifierType.BSN)
    return (
        visible_parties(user)
        .filter(uuid=party_uuid)
        .annotate(bsn_value=Subquery(bsn.order_by("pk").values("value")[:1]))
        .first()
    )


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
    return registration_problems(
        channel=channel,
        started_at=started_at,
        ended_at=ended_at,
        caller=caller,
        party=caller_party_visible(user, caller),
        questions=questions,
        versions=protocol_versions_for(questions, protocol_version),
    )


def registration_problems(
    *, channel, started_at, ended_at, caller, party: Party | None, questions, versions
) -> dict[str, list[str]]:
    """The checks of ``conversation_validate``, given the caller's party and the protocol versions already
    looked up (registration reuses both for its writes instead of reading them again)."""
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
        elif caller.party_uuid and party is None:
            errors["caller"] = ["Deze klant is niet gevonden. Zoek de klant opnieuw."]
        elif not caller.bsn and not caller.party_uuid:
            errors["caller"] = ["Kies een klant of kies 'Anoniem'."]
    if not questions:
        errors["questions"] = ["Registreer minstens één vraag."]
    for index, (item, version) in enumerate(zip(questions, versions, strict=True)):
        _validate_question(index, item, errors)
        _validate_protocol(index, item, version, caller, errors)
    return errors


def protocol_versions_for(questions, conversation_version: ProtocolVersion | None) -> list[ProtocolVersion]:
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


def keeps_personal_data(item: QuestionInput, version: ProtocolVersion) -> bool:
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
