"""Short satisfaction surveys (KTO, klanttevredenheidsonderzoek) after a contact.

A completed conversation may lead to one invitation by e-mail; the customer answers on a public page reached
through a one-time token. What is kept is chosen for data minimisation: the invitation stores a keyed hash of
the address (for the cool-down and the opt-out), never the address itself; a response stores its scores and
the contact's date and channel, so the dashboard's figures survive the conversation's retention period; the
optional comment is free text and is erased after ``comment_retention_days``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class SurveySettings(models.Model):
    """The municipality's survey policy, one row, edited by the functional administrator."""

    is_enabled = models.BooleanField("Enquêtes versturen", default=True)
    sample_percentage = models.PositiveSmallIntegerField(
        "Steekproef (% van de contacten)",
        default=25,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Welk deel van de afgeronde contacten een uitnodiging krijgt.",
    )
    channels = models.ManyToManyField(
        "contacts.Channel",
        blank=True,
        related_name="+",
        verbose_name="Kanalen",
        help_text="Contacten via deze kanalen krijgen een uitnodiging.",
    )
    cooldown_days = models.PositiveSmallIntegerField(
        "Rustperiode (dagen)",
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text="Hetzelfde e-mailadres krijgt binnen deze periode geen tweede uitnodiging.",
    )
    response_days = models.PositiveSmallIntegerField(
        "Invultermijn (dagen)",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Zo lang blijft de link in de uitnodiging geldig.",
    )
    comment_retention_days = models.PositiveSmallIntegerField(
        "Bewaartermijn toelichting (dagen)",
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text="Daarna wordt de vrije toelichting gewist; de scores blijven voor het dashboard.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "enquête-instellingen"
        verbose_name_plural = "enquête-instellingen"


class SurveyInvitation(models.Model):
    """One invitation for one conversation. The token is shown once (in the e-mail); only its hash is kept."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(
        "contacts.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The conversation's id, kept after the conversation itself is removed by its retention period, so a
    # late answer and the dashboard still find the contact's dimensions in the rollup facts.
    conversation_ref = models.BigIntegerField(unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    address_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "enquête-uitnodiging"
        verbose_name_plural = "enquête-uitnodigingen"
        indexes = [models.Index(fields=["address_hash", "created_at"], name="invitation_cooldown_idx")]


class AnsweredChoice(models.TextChoices):
    YES = "ja", "Ja"
    PARTLY = "deels", "Gedeeltelijk"
    NO = "nee", "Nee"


class SurveyResponse(models.Model):
    """The customer's answer: satisfaction (CSAT, 1–5), effort (CES, 1–5), and whether it was answered."""

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.CASCADE, related_name="response")
    conversation_ref = models.BigIntegerField(db_index=True)
    contact_date = models.DateField(help_text="Datum van het contact in de tijdzone van de gemeente.")
    channel_id = models.BigIntegerField(help_text="Kanaal van het contact.")
    satisfaction = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = zeer ontevreden, 5 = zeer tevreden.",
    )
    effort = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = zeer weinig moeite, 5 = zeer veel moeite.",
    )
    answered = models.CharField(max_length=5, choices=AnsweredChoice.choices)
    comment = models.CharField(max_length=1000, blank=True)
    comment_erased = models.BooleanField(default=False)
    answered_at = models.DateTimeField()

    class Meta:
        verbose_name = "enquête-antwoord"
        verbose_name_plural = "enquête-antwoorden"
        ordering = ["-answered_at", "-id"]
        indexes = [models.Index(fields=["contact_date"], name="response_contact_date_idx")]
        constraints = [
            models.CheckConstraint(
                name="surveyresponse_satisfaction_range",
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
            ),
            models.CheckConstraint(
                name="surveyresponse_effort_range",
                condition=models.Q(effort__isnull=True) | models.Q(effort__gte=1, effort__lte=5),
            ),
        ]


class SurveyOptOut(models.Model):
    """An address that asked for no more surveys, as a keyed hash."""

    address_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "afmelding enquêtes"
        verbose_name_plural = "afmeldingen enquêtes"
