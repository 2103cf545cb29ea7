"""Follow-ups: the standard's "interne taken" — a question someone in the organisation must act on.

One model serves the back-office inbox and the Klantinteracties API. The API knows only two statuses
(``TaskStatus``: te_verwerken / verwerkt); the inbox works with the richer ``FollowupState`` and the API
status is derived from it (``STATE_TO_STATUS``), stored in ``status`` so API filters stay column filters.
See docs/followups.md for the mapping.

Fields other apps read (the dashboard among them) and that stay stable: ``created_at``, ``deadline_at``,
``resolved_at`` (null while open), ``domain``, ``team``, ``assignee``, ``kind``, ``state`` and ``question``
(which gives product and channel).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from voorkant.catalogue.models import NormUnit


class TaskStatus(models.TextChoices):
    """The standard's StatusEnum: only these two values exist in the API."""

    TO_PROCESS = "te_verwerken", "Te verwerken"
    PROCESSED = "verwerkt", "Verwerkt"


class FollowupState(models.TextChoices):
    """Where a follow-up is in the back office. Every value maps onto one ``TaskStatus``."""

    NEW = "nieuw", "Nieuw"
    IN_PROGRESS = "in_behandeling", "In behandeling"
    WAITING = "wacht_op_klant", "Wacht op klant"
    RESOLVED = "afgehandeld", "Afgehandeld"


STATE_TO_STATUS: dict[str, str] = {
    FollowupState.NEW: TaskStatus.TO_PROCESS,
    FollowupState.IN_PROGRESS: TaskStatus.TO_PROCESS,
    FollowupState.WAITING: TaskStatus.TO_PROCESS,
    FollowupState.RESOLVED: TaskStatus.PROCESSED,
}
OPEN_STATES = (FollowupState.NEW, FollowupState.IN_PROGRESS, FollowupState.WAITING)


class FollowupKind(models.TextChoices):
    CALLBACK = "terugbelverzoek", "Terugbelverzoek"
    EMAIL_BACK = "email_terug", "E-mail terug"
    HAND_OVER = "doorzetten", "Doorzetten ter behandeling"


class Priority(models.IntegerChoices):
    LOW = 0, "Laag"
    NORMAL = 1, "Normaal"
    HIGH = 2, "Hoog"


class InternalTask(models.Model):
    """A request to act, raised by a question (aanleidinggevendKlantcontact), routed to a domain, team or
    employee, with a deadline from the product's service norm and a promise to the customer."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(max_length=10, unique=True, help_text="Nummer van de interne taak (nummer).")
    reference_number = models.CharField(
        max_length=10, blank=True, default="", help_text="Referentienummer (referentienummer)."
    )
    question = models.ForeignKey("contacts.Question", on_delete=models.CASCADE, related_name="internal_tasks")
    kind = models.CharField(
        max_length=16,
        choices=FollowupKind.choices,
        default=FollowupKind.HAND_OVER,
        help_text="Soort vervolgactie.",
    )
    requested_action = models.CharField(max_length=200, help_text="Gevraagde handeling (gevraagdeHandeling).")
    # The standard's toelichting is for the handler, never for the customer: it is the internal note.
    explanation = models.CharField(
        max_length=1000, blank=True, help_text="Interne notitie, nooit voor de klant (toelichting)."
    )
    customer_told = models.CharField(
        max_length=1000, blank=True, help_text="Wat de klant is verteld over het vervolg."
    )
    contact_name = models.CharField(max_length=200, blank=True, help_text="Naam van de contactpersoon.")
    contact_phone = models.CharField(
        max_length=30, blank=True, help_text="Telefoonnummer voor deze vervolgactie."
    )
    contact_email = models.EmailField(
        max_length=254, blank=True, help_text="E-mailadres voor deze vervolgactie."
    )
    callback_window = models.CharField(
        max_length=100, blank=True, help_text="Wanneer de klant het liefst wordt teruggebeld."
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)

    domain = models.ForeignKey(
        "organisation.Domain", on_delete=models.PROTECT, null=True, blank=True, related_name="followups"
    )
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="followups"
    )
    assignee = models.ForeignKey(
        "organisation.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="followups"
    )
    # The standard's view of the assignment; kept in step with domain/team/assignee by the services (an API
    # client may also name actors of its own, such as a system actor).
    assigned_to = models.ManyToManyField(
        "organisation.Actor", related_name="internal_tasks", help_text="Toegewezen aan actoren."
    )

    state = models.CharField(max_length=16, choices=FollowupState.choices, default=FollowupState.NEW)
    status = models.CharField(
        max_length=12,
        choices=TaskStatus.choices,
        default=TaskStatus.TO_PROCESS,
        help_text="Status volgens de standaard; afgeleid van de interne status.",
    )
    created_at = models.DateTimeField(default=timezone.now, help_text="Aangemaakt op.")
    assigned_at = models.DateTimeField(help_text="Toegewezen op (toegewezenOp).")
    norm_amount = models.PositiveIntegerField(help_text="De servicenorm die gold bij het aanmaken.")
    norm_unit = models.CharField(
        max_length=12, choices=NormUnit.choices, default=NormUnit.WORKING_DAYS, help_text="Uren of werkdagen."
    )
    deadline_at = models.DateTimeField(
        help_text="Uiterlijk afgehandeld op (schuift op zolang de taak wacht op de klant)."
    )
    very_late_at = models.DateTimeField(help_text="Moment waarop de taak drie keer de norm te laat is.")
    paused_at = models.DateTimeField(
        null=True, blank=True, help_text="Sinds wanneer de taak wacht op de klant."
    )
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="Wanneer de overschreden termijn is gemeld."
    )
    resolved_at = models.DateTimeField(null=True, blank=True, help_text="Afgehandeld op (afgehandeldOp).")
    result = models.CharField(max_length=1000, blank=True, help_text="Resultaat (intern).")
    customer_message = models.CharField(
        max_length=1000, blank=True, help_text="Bericht aan de klant bij afhandeling."
    )

    class Meta:
        ordering = ["-assigned_at", "-id"]
        verbose_name = "interne taak"
        verbose_name_plural = "interne taken"
        constraints = [
            models.CheckConstraint(
                name="internaltask_completed_when_processed",
                condition=Q(status="te_verwerken") | Q(resolved_at__isnull=False),
            ),
            models.CheckConstraint(
                name="internaltask_status_follows_state",
                condition=Q(state="afgehandeld", status="verwerkt")
                | (~Q(state="afgehandeld") & Q(status="te_verwerken")),
            ),
            models.CheckConstraint(
                name="internaltask_paused_only_when_waiting",
                condition=Q(state="wacht_op_klant", paused_at__isnull=False)
                | (~Q(state="wacht_op_klant") & Q(paused_at__isnull=True)),
            ),
        ]
        indexes = [
            # The inboxes: open tasks of a team or an employee, by deadline.
            models.Index(
                fields=["team", "deadline_at", "id"],
                condition=Q(resolved_at__isnull=True),
                name="followup_team_open_idx",
            ),
            models.Index(
                fields=["assignee", "deadline_at", "id"],
                condition=Q(resolved_at__isnull=True),
                name="followup_assignee_open_idx",
            ),
            # The escalation job: open tasks past their deadline, not yet escalated.
            models.Index(
                fields=["deadline_at"],
                condition=Q(resolved_at__isnull=True, escalated_at__isnull=True),
                name="followup_escalation_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Vervolgactie {self.number}"

    @property
    def is_open(self) -> bool:
        return self.state != FollowupState.RESOLVED


class LogKind(models.TextChoices):
    CREATED = "aangemaakt", "Aangemaakt"
    ROUTED = "toegewezen", "Toegewezen"
    CLAIMED = "opgepakt", "Opgepakt"
    NOTE = "notitie", "Notitie"
    CALL_ATTEMPT = "belpoging", "Belpoging"
    WAITING = "wacht_op_klant", "Wacht op klant"
    RESUMED = "hervat", "Hervat"
    RESOLVED = "afgehandeld", "Afgehandeld"
    REOPENED = "heropend", "Heropend"
    ESCALATED = "geescaleerd", "Termijn overschreden"
    CHANGED = "gewijzigd", "Gewijzigd"


class CallResult(models.TextChoices):
    REACHED = "bereikt", "Bereikt"
    NOT_REACHED = "niet_bereikt", "Niet bereikt"
    VOICEMAIL = "voicemail", "Voicemail ingesproken"


class AppendOnlyError(RuntimeError):
    pass


class FollowupLogEntry(models.Model):
    """One line in a follow-up's history. Append-only: the services only ever add lines."""

    task = models.ForeignKey(InternalTask, on_delete=models.CASCADE, related_name="log_entries")
    kind = models.CharField(max_length=16, choices=LogKind.choices)
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Wie of wat de regel schreef.")
    text = models.CharField(max_length=1000, blank=True)
    call_result = models.CharField(max_length=16, choices=CallResult.choices, blank=True)
    # Assignment after a routing change, so re-routing keeps its history even when names change later.
    domain = models.ForeignKey(
        "organisation.Domain", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        "organisation.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "logregel vervolgactie"
        verbose_name_plural = "logregels vervolgacties"
        indexes = [models.Index(fields=["task", "at"], name="followuplog_task_idx")]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Logregels van een vervolgactie worden nooit gewijzigd.")
        super().save(*args, **kwargs)
