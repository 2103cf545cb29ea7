"""The processing log (verwerkingenlogging): one record per action on personal data.

Data subjects are stored as keyed hashes (HMAC-SHA256), so the privacy officer can answer "who viewed this
BSN?" by hashing the BSN with the same key, while the log itself holds no BSNs or names.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ProcessingActivity(models.TextChoices):
    """Processing activities from the municipality's register of processing (verwerkingsactiviteiten)."""

    CUSTOMER_CONTACT = "kcc-klantcontact", "Klantcontact registreren en afhandelen"
    CUSTOMER_VIEW = "kcc-klantbeeld", "Klantbeeld raadplegen voor dienstverlening"
    IDENTIFICATION = "kcc-identificatie", "Klant identificeren"
    FOLLOW_UP = "kcc-vervolgactie", "Vervolgactie behandelen"
    PRIVACY_SUPERVISION = "privacy-toezicht", "Toezicht op verwerkingen"
    RETENTION = "bewaartermijn", "Bewaartermijnen uitvoeren"
    SATISFACTION_SURVEY = "kcc-kto", "Klanttevredenheidsonderzoek na contact"


class Channel(models.TextChoices):
    """Which path of Voorkant carried out the action."""

    UI = "ui", "Gebruikersscherm"
    API = "api", "API"
    ADMIN = "admin", "Beheerscherm"
    COMMAND = "command", "Beheeropdracht"
    JOB = "job", "Achtergrondtaak"


class ProcessingLogRecord(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept beside the user so the record still says who acted after the account is removed.
    actor_label = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    activity = models.CharField(max_length=40, choices=ProcessingActivity.choices)
    purpose = models.CharField(max_length=200, help_text="Doelbinding: waarvoor de gegevens zijn verwerkt.")
    action = models.CharField(max_length=60, help_text="Handeling, bijvoorbeeld 'klantbeeld.raadplegen'.")
    object_type = models.CharField(max_length=60, blank=True)
    object_uuid = models.UUIDField(null=True, blank=True)
    subject_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "verwerking"
        verbose_name_plural = "verwerkingenlogging"


class ProcessingLogSubject(models.Model):
    """One data subject of a record, as a keyed hash; indexed so a search by person is a lookup."""

    # No index of its own on record: the unique constraint below starts with it. A plain index on the hash
    # (not db_index=True, which on PostgreSQL adds a second, varchar_pattern_ops index for LIKE that no
    # lookup of an exact hash uses): every logged action writes these rows, so each index costs every request.
    record = models.ForeignKey(
        ProcessingLogRecord, on_delete=models.CASCADE, related_name="subjects", db_index=False
    )
    subject_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "subject_hash"], name="processinglogsubject_unique")
        ]
        indexes = [models.Index(fields=["subject_hash"], name="processinglogsubject_hash_idx")]


class RetentionRun(models.Model):
    """What one run of the retention job removed: counts only, never the removed data itself."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    questions_removed = models.PositiveIntegerField(default=0)
    conversations_removed = models.PositiveIntegerField(default=0)
    parties_removed = models.PositiveIntegerField(default=0)
    drafts_removed = models.PositiveIntegerField(default=0)
    # Per product: name, retention in months, cut-off moment and number of questions removed.
    details = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "uitvoering bewaartermijnen"
        verbose_name_plural = "uitvoeringen bewaartermijnen"
