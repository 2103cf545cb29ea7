"""Changes to parties and their identifiers, addresses, representations, bank accounts and categories.

The services other systems reach through the Klantinteracties API. Like ``parties.services``: one transaction
per action, the BSN checked with the elfproef on every path, one processing-log record per action.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from voorkant.parties.identifiers import validate_branch_number, validate_bsn, validate_kvk
from voorkant.parties.models import (
    BankAccount,
    Category,
    CategoryRelation,
    DigitalAddress,
    IdentifierType,
    Party,
    PartyIdentifier,
    Representation,
)
from voorkant.parties.services import address_normalize, party_number_next
from voorkant.privacy.models import Channel, ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

PURPOSE = "Gegevens van de klant bijhouden voor dienstverlening"

PARTY_FIELDS = {
    "kind",
    "initials",
    "first_name",
    "surname_prefix",
    "surname",
    "organisation_name",
    "works_for",
    "is_confidential_address",
    "preferred_language",
    "preferred_address",
    "internal_note",
    "is_active",
}
IDENTIFIER_FIELDS = {"party", "object_type", "identifier_type", "value", "register", "sub_identifier_of"}
ADDRESS_FIELDS = {
    "party",
    "involvement",
    "kind",
    "address",
    "description",
    "reference",
    "is_default",
    "verified_on",
}
REPRESENTATION_FIELDS = {"representative", "represented"}
BANK_ACCOUNT_FIELDS = {"party", "iban", "bic"}
CATEGORY_FIELDS = {"name"}
CATEGORY_RELATION_FIELDS = {"party", "category", "start_date", "end_date"}


def _log(
    *, actor_label: str, action: str, subjects: Iterable[Subject], object_type: str, object_uuid
) -> None:
    processing_log_write(
        actor_label=actor_label,
        channel=Channel.API,
        activity=ProcessingActivity.CUSTOMER_CONTACT,
        purpose=PURPOSE,
        action=action,
        subjects=subjects,
        object_type=object_type,
        object_uuid=object_uuid,
    )


def _party_subjects(*parties: Party | None) -> list[Subject]:
    return [Subject("partij", str(p.uuid)) for p in parties if p is not None]


def _apply(instance: Model, changes: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)


def _save(instance: Model) -> None:
    try:
        instance.full_clean(validate_unique=True, validate_constraints=True)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    instance.save()


# --- Partijen -----------------------------------------------------------------------------------------------


@transaction.atomic
def party_save(*, actor_label: str, party: Party | None = None, changes: dict[str, Any]) -> Party:
    """Create (``party`` None) or change a party; a new party gets the next party number."""
    creating = party is None
    party = party or Party(number=party_number_next())
    _apply(party, changes, PARTY_FIELDS)
    if party.works_for_id is not None and party.works_for_id == party.pk:
        raise ValidationError({"works_for": ["Een contactpersoon kan niet voor zichzelf werken."]})
    _save(party)
    _log(
        actor_label=actor_label,
        action="partij.registreren" if creating else "partij.wijzigen",
        subjects=_party_subjects(party),
        object_type="partij",
        object_uuid=party.uuid,
    )
    return party


@transaction.atomic
def party_delete(*, actor_label: str, party: Party) -> None:
    """Remove a party; parties that took part in questions stay (PROTECT) until their questions go."""
    if party.involvements.exists():
        raise ValidationError(
            {"party": ["Deze partij is betrokken bij klantcontacten en kan niet weg."]}, code="party_in_use"
        )
    Party.objects.filter(works_for=party).update(works_for=None)
    Party.objects.filter(pk=party.pk).update(preferred_address=None)
    Party.objects.filter(pk=party.pk).delete()
    _log(
        actor_label=actor_label,
        action="partij.verwijderen",
        subjects=_party_subjects(party),
        object_type="partij",
        object_uuid=party.uuid,
    )


# --- Partij-identificatoren ---------------------------------------------------------------------------------

_VALIDATORS = {
    IdentifierType.BSN: validate_bsn,
    IdentifierType.KVK: validate_kvk,
    IdentifierType.BRANCH: validate_branch_number,
}


@transaction.atomic
def party_identifier_save(
    *, actor_label: str, identifier: PartyIdentifier | None = None, changes: dict[str, Any]
) -> PartyIdentifier:
    """Create or change an identifier; a BSN must pass the elfproef, and identifies at most one party."""
    creating = identifier is None
    identifier = identifier or PartyIdentifier()
    _apply(identifier, changes, IDENTIFIER_FIELDS)
    validator = _VALIDATORS.get(identifier.identifier_type)
    if validator is not None:
        try:
            identifier.value = validator(identifier.value)
        except ValidationError as exc:
            raise ValidationError({"value": exc.messages}) from exc
    if identifier.party_id is None:
        raise ValidationError({"party": ["Een partij-identificator hoort bij een partij."]})
    _save(identifier)
    subjects = _party_subjects(identifier.party)
    if identifier.identifier_type == IdentifierType.BSN:
        subjects.append(Subject("bsn", identifier.value))
    _log(
        actor_label=actor_label,
        action="partij-identificator." + ("registreren" if creating else "wijzigen"),
        subjects=subjects,
        object_type="partij-identificator",
        object_uuid=identifier.uuid,
    )
    return identifier


@transaction.atomic
def party_identifier_delete(*, actor_label: str, identifier: PartyIdentifier) -> None:
    subjects = _party_subjects(identifier.party)
    PartyIdentifier.objects.filter(pk=identifier.pk).delete()
    _log(
        actor_label=actor_label,
        action="partij-identificator.verwijderen",
        subjects=subjects,
        object_type="partij-identificator",
        object_uuid=identifier.uuid,
    )


# --- Digitale adressen --------------------------------------------------------------------------------------


@transaction.atomic
def digital_address_save(
    *, actor_label: str, address: DigitalAddress | None = None, changes: dict[str, Any]
) -> DigitalAddress:
    """Create or change a digital address of a party or a betrokkene; phone numbers are checked."""
    creating = address is None
    address = address or DigitalAddress()
    _apply(address, changes, ADDRESS_FIELDS)
    if address.party_id is None and address.involvement_id is None:
        raise ValidationError({"party": ["Een digitaal adres hoort bij een partij of een betrokkene."]})
    try:
        address.normalized = address_normalize(kind=address.kind, address=address.address)
    except ValidationError as exc:
        raise ValidationError({"address": exc.messages}) from exc
    _save(address)
    _log(
        actor_label=actor_label,
        action="digitaal-adres." + ("registreren" if creating else "wijzigen"),
        subjects=[*_party_subjects(address.party), Subject(address.kind, address.normalized)],
        object_type="digitaal-adres",
        object_uuid=address.uuid,
    )
    return address


@transaction.atomic
def digital_address_delete(*, actor_label: str, address: DigitalAddress) -> None:
    subjects = [*_party_subjects(address.party), Subject(address.kind, address.normalized)]
    Party.objects.filter(preferred_address=address).update(preferred_address=None)
    DigitalAddress.objects.filter(pk=address.pk).delete()
    _log(
        actor_label=actor_label,
        action="digitaal-adres.verwijderen",
        subjects=subjects,
        object_type="digitaal-adres",
        object_uuid=address.uuid,
    )


# --- Vertegenwoordigingen, rekeningnummers, categorieën -----------------------------------------------------


def _simple_save(
    instance: Model,
    *,
    actor_label: str,
    changes: dict[str, Any],
    allowed: set[str],
    object_type: str,
    subjects: Iterable[Subject],
) -> Model:
    creating = instance.pk is None
    _apply(instance, changes, allowed)
    _save(instance)
    _log(
        actor_label=actor_label,
        action=f"{object_type}." + ("registreren" if creating else "wijzigen"),
        subjects=subjects,
        object_type=object_type,
        object_uuid=instance.uuid,
    )
    return instance


def _simple_delete(
    instance: Model, *, actor_label: str, object_type: str, subjects: Iterable[Subject]
) -> None:
    type(instance).objects.filter(pk=instance.pk).delete()
    _log(
        actor_label=actor_label,
        action=f"{object_type}.verwijderen",
        subjects=subjects,
        object_type=object_type,
        object_uuid=instance.uuid,
    )


@transaction.atomic
def representation_save(
    *, actor_label: str, representation: Representation | None = None, changes: dict[str, Any]
) -> Representation:
    """One party acts on behalf of another ("namens")."""
    instance = representation or Representation()
    _apply(instance, changes, REPRESENTATION_FIELDS)
    if instance.representative_id == instance.represented_id:
        raise ValidationError({"represented": ["Een partij kan zichzelf niet vertegenwoordigen."]})
    return _simple_save(
        instance,
        actor_label=actor_label,
        changes={},
        allowed=REPRESENTATION_FIELDS,
        object_type="vertegenwoordiging",
        subjects=_party_subjects(instance.representative, instance.represented),
    )


@transaction.atomic
def representation_delete(*, actor_label: str, representation: Representation) -> None:
    _simple_delete(
        representation,
        actor_label=actor_label,
        object_type="vertegenwoordiging",
        subjects=_party_subjects(representation.representative, representation.represented),
    )


@transaction.atomic
def bank_account_save(
    *, actor_label: str, account: BankAccount | None = None, changes: dict[str, Any]
) -> BankAccount:
    """A party's bank account; the IBAN must pass its check digits."""
    from stdnum import iban

    instance = account or BankAccount()
    _apply(instance, changes, BANK_ACCOUNT_FIELDS)
    if not iban.is_valid(instance.iban or ""):
        raise ValidationError({"iban": ["Dit IBAN klopt niet. Controleer het nummer."]})
    instance.iban = iban.compact(instance.iban)
    return _simple_save(
        instance,
        actor_label=actor_label,
        changes={},
        allowed=BANK_ACCOUNT_FIELDS,
        object_type="rekeningnummer",
        subjects=_party_subjects(instance.party),
    )


@transaction.atomic
def bank_account_delete(*, actor_label: str, account: BankAccount) -> None:
    _simple_delete(
        account,
        actor_label=actor_label,
        object_type="rekeningnummer",
        subjects=_party_subjects(account.party),
    )


@transaction.atomic
def category_save(*, actor_label: str, category: Category | None = None, changes: dict[str, Any]) -> Category:
    """A category parties can belong to; holds no personal data."""
    return _simple_save(
        category or Category(),
        actor_label=actor_label,
        changes=changes,
        allowed=CATEGORY_FIELDS,
        object_type="categorie",
        subjects=[],
    )


@transaction.atomic
def category_delete(*, actor_label: str, category: Category) -> None:
    if category.relations.exists():
        raise ValidationError({"category": ["Deze categorie is nog aan partijen gekoppeld."]})
    _simple_delete(category, actor_label=actor_label, object_type="categorie", subjects=[])


@transaction.atomic
def category_relation_save(
    *, actor_label: str, relation: CategoryRelation | None = None, changes: dict[str, Any]
) -> CategoryRelation:
    """A party belongs to a category for a period; the end date may not lie before the start date."""
    instance = relation or CategoryRelation()
    _apply(instance, changes, CATEGORY_RELATION_FIELDS)
    if instance.start_date and instance.end_date and instance.end_date < instance.start_date:
        raise ValidationError({"end_date": ["De einddatum ligt voor de begindatum."]})
    return _simple_save(
        instance,
        actor_label=actor_label,
        changes={},
        allowed=CATEGORY_RELATION_FIELDS,
        object_type="categorie-relatie",
        subjects=_party_subjects(instance.party),
    )


@transaction.atomic
def category_relation_delete(*, actor_label: str, relation: CategoryRelation) -> None:
    _simple_delete(
        relation,
        actor_label=actor_label,
        object_type="categorie-relatie",
        subjects=_party_subjects(relation.party),
    )
