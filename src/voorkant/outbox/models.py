"""E-mail templates the beheerder edits, the outbox, and a record of mail a recording backend "sent"."""

from __future__ import annotations

import uuid

from django.db import models


class EmailTemplate(models.Model):
    """A Dutch e-mail text at B1 level with Django template placeholders such as {{ naam }}."""

    code = models.SlugField(
        max_length=60, unique=True, help_text="Vaste code waarmee de software dit sjabloon kiest."
    )
    name = models.CharField(max_length=200, help_text="Waar dit sjabloon voor is.")
    subject = models.CharField(max_length=200, help_text="Onderwerp. U mag {{ velden }} gebruiken.")
    body = models.TextField(
        help_text="Tekst van de e-mail in eenvoudige taal (B1). U mag {{ velden }} gebruiken."
    )
    available_fields = models.CharField(
        max_length=500,
        blank=True,
        help_text="Velden die in dit sjabloon beschikbaar zijn (alleen ter informatie).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "e-mailsjabloon"
        verbose_name_plural = "e-mailsjablonen"

    def __str__(self) -> str:
        return self.name


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Wacht op verzending"
    SENT = "sent", "Verzonden"
    FAILED = "failed", "Verzenden mislukt"
    BLOCKED = "blocked", "Niet verzonden (demo-omgeving)"


class OutboxMessage(models.Model):
    """One e-mail to send. ``idempotency_key`` makes queuing the same mail twice a no-op.

    Holds an address and text that can be personal data; the body is emptied after OUTBOX_KEEP_DAYS.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=200, unique=True)
    template_code = models.CharField(max_length=60, blank=True)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_uuid = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "uitgaande e-mail"
        verbose_name_plural = "uitgaande e-mails"
        indexes = [models.Index(fields=["status", "id"], name="outbox_status_idx")]


class RecordedEmail(models.Model):
    """Mail handed to the recording backend (demo, tests): stored here, never delivered."""

    message_id = models.CharField(max_length=200, db_index=True)
    to = models.CharField(max_length=500)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "vastgelegde e-mail"
        verbose_name_plural = "vastgelegde e-mails"
