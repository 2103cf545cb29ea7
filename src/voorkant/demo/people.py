"""Parties for the test persons who had contact: identifier, name parts and some contact details."""

from __future__ import annotations

import random
import unicodedata
from datetime import date

import phonenumbers
from django.conf import settings

from voorkant.demo import content
from voorkant.demo.plan import Plan, load_test_persons, new_uuid
from voorkant.demo.writers import BulkWriter
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

PARTY_PREFIX = "D"


def _initials(first_names: str) -> str:
    return "".join(f"{part[0]}." for part in first_names.replace("-", " ").split() if part)[:10]


def _phone_as_typed(rng: random.Random) -> str:
    digits = f"6{rng.randint(1, 5)}{rng.randint(0, 9_999_999):07d}"
    return rng.choice(
        [
            f"0{digits}",
            f"0{digits[0]}-{digits[1:]}",
            f"0{digits[0]} {digits[1:5]} {digits[5:]}",
            f"+31 {digits[0]} {digits[1:]}",
            f"0031{digits}",
        ]
    )


def create_parties(*, rng: random.Random, plan: Plan) -> dict[int, tuple[int, tuple[str, str, str, str]]]:
    """Parties, BSN identifiers and some contact details for the persons with contact.

    Returns person index -> (party id, (initials, first name, prefix, surname)) for the involvements.
    """
    persons = load_test_persons()
    writer = BulkWriter()
    next_id = writer.next_id(Party)
    parties, identifiers, addresses, result = [], [], [], {}
    for offset, index in enumerate(plan.person_indices):
        person = persons[index]
        names = (_initials(person["voornamen"]), person["voornamen"], person["voorvoegsel"])
        names += (person["geslachtsnaam"],)
        party = Party(
            id=next_id + offset,
            uuid=new_uuid(rng),
            number=f"{PARTY_PREFIX}{index + 1:08d}",
            kind=PartyKind.PERSON,
            initials=names[0],
            first_name=names[1],
            surname_prefix=names[2],
            surname=names[3],
            birth_date=date.fromisoformat(person["geboortedatum"]),
            is_confidential_address=person["geheimhouding"],
        )
        parties.append(party)
        result[index] = (party.id, names)
        identifiers.append(
            PartyIdentifier(
                uuid=new_uuid(rng),
                party=party,
                object_type=ObjectType.NATURAL_PERSON,
                identifier_type=IdentifierType.BSN,
                value=person["bsn"],
                register=Register.BRP,
            )
        )
        if rng.random() < 0.6:
            typed = _phone_as_typed(rng)
            normalized = phonenumbers.format_number(
                phonenumbers.parse(typed, settings.DEFAULT_PHONE_REGION), phonenumbers.PhoneNumberFormat.E164
            )
            addresses.append((party, AddressKind.PHONE, typed, normalized))
        if rng.random() < 0.35:
            local = f"{person['voornamen'].split()[0]}.{person['geslachtsnaam'].split()[-1]}".lower()
            local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
            email = f"{local}@{content.EMAIL_DOMAIN}"
            addresses.append((party, AddressKind.EMAIL, email, email))
    Party.objects.bulk_create(parties)
    writer.finish()
    PartyIdentifier.objects.bulk_create(identifiers)
    DigitalAddress.objects.bulk_create(
        [
            DigitalAddress(
                uuid=new_uuid(rng),
                party=party,
                kind=kind,
                address=typed,
                normalized=normalized,
                is_default=True,
            )
            for party, kind, typed, normalized in addresses
        ]
    )
    return result
