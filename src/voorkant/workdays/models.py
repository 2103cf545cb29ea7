"""Opening hours, closure days and decree days: the parts of the calendar the beheerder maintains."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class Weekday(models.IntegerChoices):
    MONDAY = 0, "maandag"
    TUESDAY = 1, "dinsdag"
    WEDNESDAY = 2, "woensdag"
    THURSDAY = 3, "donderdag"
    FRIDAY = 4, "vrijdag"
    SATURDAY = 5, "zaterdag"
    SUNDAY = 6, "zondag"


class OpeningHours(models.Model):
    """One opening period on a weekday; a weekday may have several (for example a late evening)."""

    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, help_text="Dag van de week.")
    opens = models.TimeField(help_text="Begintijd, bijvoorbeeld 09:00.")
    closes = models.TimeField(help_text="Eindtijd, bijvoorbeeld 17:00.")

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = "openingstijd"
        verbose_name_plural = "openingstijden"
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="openinghours_closes_after_opens")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosureDay(models.Model):
    """An extra day the municipality is closed (for example a bridge day); not a working day."""

    date = models.DateField(unique=True, help_text="Datum waarop de gemeente dicht is.")
    reason = models.CharField(max_length=200, help_text="Reden, bijvoorbeeld 'brugdag na Hemelvaart'.")

    class Meta:
        ordering = ["date"]
        verbose_name = "sluitingsdag"
        verbose_name_plural = "sluitingsdagen"

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.reason}"


class DecreeDay(models.Model):
    """A day designated by decree under article 3 of the Algemene termijnenwet; it counts as a holiday."""

    date = models.DateField(
        unique=True, help_text="Datum die bij besluit gelijk is gesteld aan een feestdag."
    )
    reason = models.CharField(max_length=200, help_text="Omschrijving van de dag.")
    source = models.CharField(
        max_length=300, blank=True, help_text="Vindplaats van het besluit (Staatsblad)."
    )

    class Meta:
        ordering = ["date"]
        verbose_name = "bij besluit aangewezen dag"
        verbose_name_plural = "bij besluit aangewezen dagen"

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.reason}"
