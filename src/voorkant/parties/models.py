"""Persons and organisations that had contact (the standard's "partijen") and how to reach them.

A party is stored only once a person had contact and was identified (VNG use case C9167). Contact details
given for one conversation stay on that question's involvement unless the person agrees to keep them.
"""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models


class PartyKind(models.TextChoices):
    """The standard's soortPartij."""

    PERSON = "persoon", "Persoon"
    ORGANISATION = "organisatie", "Organisatie"
    CONTACT_PERSON = "contactpersoon", "Contactpersoon"


class Party(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(max_length=10, unique=True, help_text="Partijnummer (nummer).")
    kind = models.CharField(max_length=14, choices=PartyKind.choices, help_text="Soort partij.")
    # Person name parts follow the standard's contactnaam; an organisation uses organisation_name.
    initials = models.CharField(max_length=10, blank=True)
    first_name = models.CharField(max_length=200, blank=True)
    surname_prefix = models.CharField(max_length=10, blank=True)
    surname = models.CharField(max_length=200, blank=True)
    # Kept for identifying a returning caller by surname + birth date without asking the register again.
    birth_date = models.DateField(null=True, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    works_for = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="contact_persons"
    )
    is_confidential_address = models.BooleanField(
        default=False, help_text="indicatieGeheimhouding: gegevens mogen niet aan derden worden verstrekt."
    )
    preferred_language = models.CharField(
        max_length=3, default="nld", help_text="ISO 639-2/B, bijvoorbeeld 'nld'."
    )
    preferred_address = models.ForeignKey(
        "DigitalAddress", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    internal_note = models.CharField(max_length=1000, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "partij"
        verbose_name_plural = "partijen"
        indexes = [
            models.Index(fields=["surname", "birth_date"], name="party_surname_birth_idx"),
            # The caller search narrows by birth date first and compares names (accents, voorvoegsels) after.
            models.Index(fields=["birth_date"], name="party_birth_date_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == PartyKind.ORGANISATION:
            return self.organisation_name
        return " ".join(p for p in [self.initials or self.first_name, self.surname_prefix, self.surname] if p)


class IdentifierType(models.TextChoices):
    """The standard's codeSoortObjectId."""

    BSN = "bsn", "Burgerservicenummer"
    KVK = "kvk_nummer", "KvK-nummer"
    BRANCH = "vestigingsnummer", "Vestigingsnummer"
    RSIN = "rsin", "RSIN"


class ObjectType(models.TextChoices):
    """The standard's codeObjecttype."""

    NATURAL_PERSON = "natuurlijk_persoon", "Natuurlijk persoon"
    NON_NATURAL_PERSON = "niet_natuurlijk_persoon", "Niet-natuurlijk persoon"
    BRANCH = "vestiging", "Vestiging"


class Register(models.TextChoices):
    """The standard's codeRegister."""

    BRP = "brp", "BRP"
    HR = "hr", "Handelsregister"


class PartyIdentifier(models.Model):
    """An identifier from an outside register; a BSN or KvK number identifies at most one party."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="identifiers")
    object_type = models.CharField(max_length=23, choices=ObjectType.choices)
    identifier_type = models.CharField(max_length=16, choices=IdentifierType.choices)
    value = models.CharField(max_length=200)
    register = models.CharField(max_length=3, choices=Register.choices)
    sub_identifier_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_identifiers"
    )

    class Meta:
        verbose_name = "partij-identificator"
        verbose_name_plural = "partij-identificatoren"
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_type", "value"], name="partyidentifier_unique_identifier"
            )
        ]


class AddressKind(models.TextChoices):
    """The standard's soortDigitaalAdres."""

    EMAIL = "email", "E-mailadres"
    PHONE = "telefoonnummer", "Telefoonnummer"
    OTHER = "overig", "Overig"


class DigitalAddress(models.Model):
    """An e-mail address or phone number, given by a party (kept) or by an involvement (this contact only)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="digital_addresses"
    )
    involvement = models.ForeignKey(
        "contacts.Involvement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="digital_addresses",
    )
    kind = models.CharField(max_length=14, choices=AddressKind.choices)
    address = models.CharField(max_length=80, help_text="Het adres zoals opgegeven (maximaal 80 tekens).")
    # E.164 for phone numbers, lower case for e-mail: what searches compare against.
    normalized = models.CharField(max_length=80, db_index=True)
    description = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=50, blank=True)
    is_default = models.BooleanField(default=False)
    verified_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "digitaal adres"
        verbose_name_plural = "digitale adressen"
        constraints = [
            models.CheckConstraint(
                name="digitaladdress_has_owner",
                condition=models.Q(party__isnull=False) | models.Q(involvement__isnull=False),
            )
        ]


class Representation(models.Model):
    """One party acts on behalf of another ("namens"; the standard's vertegenwoordigingen)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    representative = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="representations")
    represented = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="represented_by")

    class Meta:
        verbose_name = "vertegenwoordiging"
        verbose_name_plural = "vertegenwoordigingen"
        constraints = [
            models.UniqueConstraint(fields=["representative", "represented"], name="representation_unique"),
            models.CheckConstraint(
                name="representation_not_self", condition=~models.Q(representative=models.F("represented"))
            ),
        ]


class BankAccount(models.Model):
    """A bank account of a party (rekeningnummer)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="bank_accounts"
    )
    iban = models.CharField(max_length=34, help_text="IBAN, zonder spaties.")
    bic = models.CharField(max_length=11, blank=True)

    class Meta:
        verbose_name = "rekeningnummer"
        verbose_name_plural = "rekeningnummers"


class Category(models.Model):
    """A category a party can belong to for a while, e.g. 'ondernemer' (categorie)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=80, help_text="Naam van de categorie.")

    class Meta:
        ordering = ["name"]
        verbose_name = "categorie"
        verbose_name_plural = "categorieën"

    def __str__(self) -> str:
        return self.name


class CategoryRelation(models.Model):
    """A party belongs to a category from a start date until an end date (categorie-relatie)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="category_relations"
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="relations"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "categorie-relatie"
        verbose_name_plural = "categorie-relaties"


kvk_validator = RegexValidator(r"^\d{8}$", "Een KvK-nummer bestaat uit 8 cijfers.")
branch_validator = RegexValidator(r"^\d{12}$", "Een vestigingsnummer bestaat uit 12 cijfers.")
