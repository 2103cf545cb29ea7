"""Products and services, and the registration protocols that say how deep to register per product.

The foundation keeps this small: a product list and a default "standaard" protocol. The protocol issue adds
question sets, signals and versioned proposals on top of the same tables.
"""

from __future__ import annotations

import uuid

from django.db import models


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


class ProtocolVersion(models.Model):
    """A published version; questions keep the version they were registered under."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    level = models.CharField(max_length=10, choices=ProtocolLevel.choices)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["protocol", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="protocolversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.protocol.name} v{self.number}"
