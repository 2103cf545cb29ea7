"""Products and services, and the registration protocols that say how deep to register per product.

How deep to register is a property of the product, decided together with the KCC staff and limited to what a
follow-up needs: a passport question stores almost nothing, a Wmo request the full question set.
"""

from __future__ import annotations

import uuid

from django.db import models


class NormUnit(models.TextChoices):
    HOURS = "uren", "Uren"
    WORKING_DAYS = "werkdagen", "Werkdagen"


class Product(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    upl_uri = models.URLField(max_length=300, blank=True, help_text="URI in de Uniforme Productnamenlijst.")
    owner_domain = models.ForeignKey(
        "organisation.Domain", on_delete=models.SET_NULL, null=True, blank=True, related_name="products"
    )
    is_municipal = models.BooleanField(default=False, help_text="Een gemeentelijk product volgens de UPL.")
    is_local = models.BooleanField(default=False, help_text="Door de gemeente zelf toegevoegd.")
    for_citizens = models.BooleanField(default=True)
    for_businesses = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    protocol = models.ForeignKey(
        "Protocol",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        help_text="Registratieprotocol; leeg betekent het standaardprotocol.",
    )
    norm_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="Servicenorm voor een vervolgactie: aantal uren of werkdagen."
    )
    norm_unit = models.CharField(max_length=12, choices=NormUnit.choices, default=NormUnit.WORKING_DAYS)
    followup_domain = models.ForeignKey(
        "organisation.Domain", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    followup_team = models.ForeignKey(
        "organisation.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retention_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="Bewaartermijn van vragen over dit product, in maanden."
    )
    is_confidential_by_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "product"
        verbose_name_plural = "producten"
        constraints = [
            models.UniqueConstraint(
                fields=["upl_uri"], condition=~models.Q(upl_uri=""), name="product_unique_upl_uri"
            )
        ]
        indexes = [models.Index(fields=["is_local", "is_municipal", "name"], name="product_typeahead_idx")]

    def __str__(self) -> str:
        return self.name


class ProtocolLevel(models.TextChoices):
    MINIMAL = "minimaal", "Minimaal"
    STANDARD = "standaard", "Standaard"
    FULL = "volledig", "Volledig"


class Protocol(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = "registratieprotocol"
        verbose_name_plural = "registratieprotocollen"

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    PROPOSED = "voorstel", "Voorstel"
    PUBLISHED = "gepubliceerd", "Gepubliceerd"
    SUPERSEDED = "vervangen", "Vervangen"
    REJECTED = "afgewezen", "Afgewezen"


class ProtocolVersion(models.Model):
    """One version of a protocol. Changes make a new version; questions keep the version they were
    registered under. A proposal is a version in status "voorstel" until the manager decides."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    level = models.CharField(max_length=10, choices=ProtocolLevel.choices)
    status = models.CharField(max_length=12, choices=VersionStatus.choices, default=VersionStatus.PUBLISHED)
    requires_follow_up = models.BooleanField(
        default=False, help_text="Aan als een vraag onder dit protocol altijd een vervolgactie krijgt."
    )
    rationale = models.TextField(blank=True, help_text="Waarom deze versie: de signalen en de afweging.")
    proposed_by = models.ForeignKey(
        "organisation.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "organisation.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["protocol", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="protocolversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.protocol.name} v{self.number}"


class FieldKind(models.TextChoices):
    SHORT_TEXT = "kort", "Korte tekst"
    LONG_TEXT = "lang", "Lange tekst"
    CHOICE = "keuze", "Keuze"
    MULTIPLE_CHOICE = "meerkeuze", "Meerdere keuzes"
    YES_NO = "janee", "Ja/nee"
    DATE = "datum", "Datum"
    NUMBER = "getal", "Getal"


class ProtocolField(models.Model):
    """A question the agent asks under a protocol version, with why it is asked."""

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=FieldKind.choices)
    is_required = models.BooleanField(default=False)
    help_text = models.CharField(max_length=500, blank=True)
    why_asked = models.CharField(
        max_length=500, help_text="Waarom dit wordt gevraagd: welke vervolgactie het gebruikt."
    )
    choices = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="protocolfield_unique_key")]

    def __str__(self) -> str:
        return self.label


class SignalKind(models.TextChoices):
    SUPERFLUOUS = "overbodig", "Overbodig"
    MISSING = "ontbreekt", "Er ontbreekt iets"
    ANNOYING = "vervelend", "Klant ervaart dit als vervelend"
    OTHER = "anders", "Anders"


class SignalStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROPOSAL = "in_voorstel", "Opgenomen in voorstel"
    CLOSED = "gesloten", "Gesloten"


class ProtocolSignal(models.Model):
    """A flag from the floor: an agent says a protocol, or one of its questions, does not work."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="signals")
    field = models.ForeignKey(
        ProtocolField, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    kind = models.CharField(max_length=10, choices=SignalKind.choices)
    reason = models.CharField(
        max_length=500, blank=True, help_text="Korte toelichting; verplicht bij 'anders'."
    )
    status = models.CharField(max_length=12, choices=SignalStatus.choices, default=SignalStatus.OPEN)
    proposal = models.ForeignKey(
        ProtocolVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="answered_signals"
    )
    created_by = models.ForeignKey(
        "organisation.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="protocolsignal_status_idx")]


class ProductIndexState(models.Model):
    """A single row whose token changes with every change to products or synonym groups.

    Each process keeps the type-ahead's product list in memory and reads this token on every request to see
    whether its copy is stale. A random token rather than a counter: a rolled-back change (a test, a failed
    import) would bring a counter back to a value a process already holds for other data.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "stand van de productlijst"
