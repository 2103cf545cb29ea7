"""Extra questions a domain asks when a follow-up is routed to it (KISS: per-department question sets).

The fields reuse the catalogue's typed field kinds (``FieldKind``) so the werkplek renders them the way it
renders protocol questions; answers are stored one row per field.
"""

from __future__ import annotations

from django.db import models

from voorkant.catalogue.models import FieldKind


class DomainQuestion(models.Model):
    domain = models.ForeignKey(
        "organisation.Domain", on_delete=models.CASCADE, related_name="followup_questions"
    )
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=FieldKind.choices)
    is_required = models.BooleanField(default=False)
    help_text = models.CharField(max_length=500, blank=True)
    choices = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["domain", "order", "id"]
        verbose_name = "extra vraag van een domein"
        verbose_name_plural = "extra vragen van domeinen"
        constraints = [models.UniqueConstraint(fields=["domain", "key"], name="domainquestion_unique_key")]

    def __str__(self) -> str:
        return self.label


class FollowupAnswer(models.Model):
    """The answer to one of the domain's extra questions for one follow-up."""

    task = models.ForeignKey("followups.InternalTask", on_delete=models.CASCADE, related_name="answers")
    field = models.ForeignKey(DomainQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField()

    class Meta:
        verbose_name = "antwoord op extra vraag"
        verbose_name_plural = "antwoorden op extra vragen"
        constraints = [models.UniqueConstraint(fields=["task", "field"], name="followupanswer_unique_field")]
