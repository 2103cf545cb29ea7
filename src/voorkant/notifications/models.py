"""A notification for one user: a screen-pop, an escalation, a new task, a message from the coordinator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationKind(models.TextChoices):
    SCREEN_POP = "screen_pop", "Inkomend gesprek"
    ESCALATION = "escalation", "Escalatie"
    NEW_TASK = "new_task", "Nieuwe taak"
    BROADCAST = "broadcast", "Mededeling"
    INFO = "info", "Informatie"


class Notification(models.Model):
    """Shown in the user's live region until read. Title and body name identifiers, not citizens' secrets."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices, default=NotificationKind.INFO)
    title = models.CharField(max_length=200, help_text="Korte tekst van de melding.")
    body = models.CharField(max_length=1000, blank=True, help_text="Toelichting (optioneel).")
    url = models.CharField(max_length=500, blank=True, help_text="Waar de melding naartoe leidt (optioneel).")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [
            # The poll asks "what is unread for me" every few seconds per open page.
            models.Index(
                fields=["user", "id"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            )
        ]
