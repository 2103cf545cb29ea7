"""Changes to parties and their contact details, and the logged actions on a party's data."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from voorkant.parties.identifiers import email_normalize, phone_normalize, validate_bsn
from voorkant.parties.models import (
    AddressKind,
    DigitalAddress,
    IdentifierType,
    ObjectType,
    Party,
    PartyIdentifier,
    PartyKind,
    Register,
)
from voorkant.privacy.models import Channel, ProcessingActivity, ProcessingLogRecord
from voorkant.privacy.services import Subject, processing_log_write
from voorkant.registers.brp import person_register

PURPOSE_SERVICE = "Klant te woord staan en de vraag afhandelen"
PURPOSE_IDENTIFY = "Identiteit van de klant vaststellen"

NUMBER_WIDTH = 10


def party_number_next() -> str:
    """The next free party number: ten digits, counting up from the highest numeric one stored."""
    numbers = (
        Party.objects.filter(number__regex=r"^[0-9]{10}$")
        .order_by("-number")
        .values_list("number", flat=True)
    )
    highest = numbers.first()
    return str(int(highest) + 1 if highest else 1).zfill(NUMBER_WIDTH)


def _party_create_from_register(*, bsn: str) -> Party:
    person = person_register().get(bsn)
    if person is None:
        raise ValidationError(
            "Dit BSN staat niet in de BRP. Controleer het nummer met de klant.", code="bsn_unknown"
        )
    # Two agents may identify the same new caller at once; the unique identifier decides, the loser re-reads.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                party = Party.objects.create(
                    number=party_number_next(),
                    kind=PartyKind.PERSON,
                    initials=person.initials[:10],
                    first_name=person.voornamen[:200],
                    surname_prefix=person.voorvoegsel[:10],
                    surname=person.geslachtsnaam[:200],
                    birth_date=person.geboortedatum,
                    is_confidential_address=person.geheimhouding,
                )
                PartyIdentifier.objects.create(
                    party=party,
                    object_type=ObjectType.NATURAL_PERSON,
                    identifier_type=IdentifierType.BSN,
                    value=bsn,
                    register=Register.BRP,
                )
                return party
        except IntegrityError:
            existing = Party.objects.filter(
                identifiers__identifier_type=IdentifierType.BSN, identifiers__value=bsn
            )
            if existing.exists():
                return existing.get()
    raise ValidationError("De klant kon niet worden opgeslagen. Probeer het opnieuw.", code="party_conflict")


def party_for_caller(*, bsn: str | None = None, party_uuid: uuid.UUID | None = None) -> Party:
    """The stored party for a BSN or uuid; for a BSN not seen before, a new party built from the BRP record.

    Call it inside the conversation's transaction, and only when a question needs the party: a party is stored
    only once an identified person had contact (VNG use case C9167).
    """
    if party_uuid is not None:
        party = Party.objects.filter(uuid=party_uuid).first()
        if party is None:
            raise ValidationError("Deze klant bestaat niet (meer).", code="party_unknown")
        return party
    if not bsn:
        raise ValidationError("Geef een BSN of een klant op.", code="caller_required")
    bsn = validate_bsn(bsn)
    party = Party.objects.filter(
        identifiers__identifier_type=IdentifierType.BSN, identifiers__value=bsn
    ).first()
    if party is not None:
        # Keep the register's secrecy flag current: a citizen may ask for geheimhouding at any time.
        person = person_register().get(bsn)
        if person is not None and person.geheimhouding != party.is_confidential_address:
            party.is_confidential_address = person.geheimhouding
            party.save(update_fields=["is_confidential_address", "updated_at"])
        return party
    return _party_create_from_register(bsn=bsn)


def address_normalize(*, kind: str, address: str) -> str:
    """What searches compare: E.164 for a phone number, lower case for e-mail, trimmed text otherwise."""
    if kind == AddressKind.PHONE:
        return phone_normalize(address)
    if kind == AddressKind.EMAIL:
        return email_normalize(address)
    text = (address or "").strip()
    if not text or len(text) > 80:
        raise ValidationError("Vul een adres in van hoogstens 80 tekens.", code="address_invalid")
    return text


@transaction.atomic
def digital_address_add(
    *,
    party: Party | None = None,
    involvement=None,
    kind: str,
    address: str,
    keep: bool = False,
    description: str = "",
    is_default: bool = False,
) -> DigitalAddress:
    """Store a phone number or e-mail address the caller gave.

    With `keep` (the person agreed to keep it for future contact) it is stored on the party, and also tied to
    the involvement when one is given. Without `keep` it belongs to this contact's involvement only (C9167).
    """
    if kind not in AddressKind.values:
        raise ValidationError("Onbekende soort adres.", code="address_kind")
    normalized = address_normalize(kind=kind, address=address)
    if keep and party is None:
        raise ValidationError(
            "Een adres bewaren kan alleen bij een bekende klant.", code="keep_without_party"
        )
    if not keep and involvement is None:
        raise ValidationError("Geef aan bij welk contact dit adres hoort.", code="address_owner")
    if keep:
        existing = DigitalAddress.objects.filter(party=party, kind=kind, normalized=normalized).first()
        if existing is not None:
            return existing
    digital_address = DigitalAddress.objects.create(
        party=party if keep else None,
        involvement=involvement,
        kind=kind,
        address=address.strip(),
        normalized=normalized,
        description=description[:40],
        is_default=is_default,
    )
    if keep and is_default:
        DigitalAddress.objects.filter(party=party, kind=kind).exclude(pk=digital_address.pk).update(
            is_default=False
        )
        Party.objects.filter(pk=party.pk).update(preferred_address=digital_address)
    return digital_address


def _party_subjects(*, party: Party, bsn: str | None) -> list[Subject]:
    subjects = [Subject("partij", str(party.uuid))]
    if bsn:
        subjects.append(Subject("bsn", bsn))
    return subjects


def klantbeeld_view_log(*, user, party: Party, bsn: str | None) -> ProcessingLogRecord:
    """Record that the user opened a party's klantbeeld (one record per page viewed)."""
    return processing_log_write(
        user=user,
        channel=Channel.UI,
        activity=ProcessingActivity.CUSTOMER_VIEW,
        purpose=PURPOSE_SERVICE,
        action="klantbeeld.raadplegen",
        subjects=_party_subjects(party=party, bsn=bsn),
        object_type="partij",
        object_uuid=party.uuid,
    )


def bsn_reveal_log(*, user, bsn: str, party: Party | None = None) -> ProcessingLogRecord:
    """Record that the user made a BSN visible on screen; showing it is an explicit, logged action."""
    return processing_log_write(
        user=user,
        channel=Channel.UI,
        activity=ProcessingActivity.IDENTIFICATION,
        purpose=PURPOSE_IDENTIFY,
        action="bsn.tonen",
        subjects=_party_subjects(party=party, bsn=bsn) if party else [Subject("bsn", bsn)],
        object_type="partij" if party else "",
        object_uuid=party.uuid if party else None,
    )


def caller_open_log(*, user, party: Party | None = None, bsn: str | None = None) -> ProcessingLogRecord:
    """Record that the user opened a search result as the caller (type-ahead logs on opening, not typing)."""
    if party is None and not bsn:
        raise ValidationError("Geef een klant of een BSN op.", code="caller_required")
    subjects = _party_subjects(party=party, bsn=bsn) if party else [Subject("bsn", bsn)]
    return processing_log_write(
        user=user,
        channel=Channel.UI,
        activity=ProcessingActivity.IDENTIFICATION,
        purpose=PURPOSE_IDENTIFY,
        action="klant.openen",
        subjects=subjects,
        object_type="partij" if party else "",
        object_uuid=party.uuid if party else None,
    )
