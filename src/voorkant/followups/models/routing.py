"""Routing rules the beheerder keeps in order: the first active rule that matches a new follow-up decides
where it goes; when none matches, the product's default domain/team does."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class CustomerType(models.TextChoices):
    CITIZEN = "burger", "Inwoner"
    BUSINESS = "ondernemer", "Ondernemer of organisatie"
    UNKNOWN = "onbekend", "Onbekende klant (anoniem)"


class RoutingRule(models.Model):
    """One rule: every condition filled in must hold (empty means any). Time of day is the local time at
    which the follow-up is made, ``from`` inclusive and ``until`` exclusive."""

    name = models.CharField(
        max_length=200, help_text="Korte omschrijving, bijvoorbeeld 'Wmo buiten kantoortijd'."
    )
    order = models.PositiveIntegerField(default=0, help_text="Lagere nummers gaan voor.")
    is_active = models.BooleanField(default=True, help_text="Uit: de regel wordt overgeslagen.")
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Alleen vragen over dit product (leeg: elk product).",
    )
    channel = models.ForeignKey(
        "contacts.Channel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Alleen vragen via dit kanaal (leeg: elk kanaal).",
    )
    customer_type = models.CharField(
        max_length=12,
        choices=CustomerType.choices,
        blank=True,
        help_text="Alleen voor dit soort klant (leeg: elke klant).",
    )
    time_from = models.TimeField(null=True, blank=True, help_text="Vanaf dit tijdstip (leeg: hele dag).")
    time_until = models.TimeField(null=True, blank=True, help_text="Tot dit tijdstip.")
    domain = models.ForeignKey(
        "organisation.Domain", on_delete=models.PROTECT, related_name="+", help_text="Naar dit domein."
    )
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="En binnen het domein naar dit team (niet verplicht).",
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "routeringsregel"
        verbose_name_plural = "routeringsregels"
        constraints = [
            models.CheckConstraint(
                name="routingrule_time_window_complete",
                condition=Q(time_from__isnull=True, time_until__isnull=True)
                | Q(time_from__isnull=False, time_until__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def matches(self, *, product_id, channel_id, customer_type: str, local_time) -> bool:
        if self.product_id and self.product_id != product_id:
            return False
        if self.channel_id and self.channel_id != channel_id:
            return False
        if self.customer_type and self.customer_type != customer_type:
            return False
        if self.time_from is not None and self.time_until is not None:
            if self.time_from <= self.time_until:
                return self.time_from <= local_time < self.time_until
            return local_time >= self.time_from or local_time < self.time_until  # over midnight
        return True
