"""Internal tasks (the standard's "interne taken"): a question that needs someone in the organisation to act.

This is the minimal model the Klantinteracties API serves. The follow-up issue extends it with routing,
deadlines and the back-office inbox; richer internal statuses must keep mapping onto ``TaskStatus``, the
standard's two values.
"""

from __future__ import annotations

import uuid

from django.db import models


class TaskStatus(models.TextChoices):
    """The standard's StatusEnum: only these two values exist in the API."""

    TO_PROCESS = "te_verwerken", "Te verwerken"
    PROCESSED = "verwerkt", "Verwerkt"


class InternalTask(models.Model):
    """A request to act, raised by a question (aanleidinggevendKlantcontact) and assigned to actors."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(max_length=10, unique=True, help_text="Nummer van de interne taak (nummer).")
    reference_number = models.CharField(
        max_length=10, blank=True, default="", help_text="Referentienummer (referentienummer)."
    )
    question = models.ForeignKey("contacts.Question", on_delete=models.CASCADE, related_name="internal_tasks")
    requested_action = models.CharField(max_length=200, help_text="Gevraagde handeling (gevraagdeHandeling).")
    explanation = models.CharField(max_length=1000, blank=True, help_text="Toelichting.")
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.TO_PROCESS)
    assigned_to = models.ManyToManyField(
        "organisation.Actor", related_name="internal_tasks", help_text="Toegewezen aan actoren."
    )
    assigned_at = models.DateTimeField(help_text="Toegewezen op (toegewezenOp).")
    completed_at = models.DateTimeField(null=True, blank=True, help_text="Afgehandeld op (afgehandeldOp).")

    class Meta:
        ordering = ["-assigned_at", "-id"]
        verbose_name = "interne taak"
        verbose_name_plural = "interne taken"
        constraints = [
            models.CheckConstraint(
                name="internaltask_completed_when_processed",
                condition=models.Q(status="te_verwerken") | models.Q(completed_at__isnull=False),
            )
        ]
