"""Facts and rollups behind the management dashboard, and the service norms the KPIs are measured against.

The dashboard never reads the question tables: every figure comes from the rollups below, which the services
keep up to date one question at a time (idempotently) and which `rebuild_rollups` can recompute from scratch.
Dimension columns are plain integers (0 = unknown) rather than foreign keys: rollups must survive a product or
team being renamed, and a unique key over them must work on SQLite and PostgreSQL alike (NULLs are distinct).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from voorkant.contacts.models import OutcomeCategory


class QuestionFact(models.Model):
    """One row per registered question with its dimension keys and the flags the KPIs count.

    Repeat contact is decided here, when the question is registered, because a 7-day window over distinct
    customers does not add up over daily rollups. The customer keys (party id, keyed hash of the phone number)
    are pseudonymous and never leave this table.
    """

    question_id = models.BigIntegerField(unique=True)
    conversation_id = models.BigIntegerField(db_index=True)
    occurred_at = models.DateTimeField()
    date = models.DateField(help_text="Datum in de tijdzone van de gemeente.")
    hour = models.PositiveSmallIntegerField(help_text="Uur (0-23) in de tijdzone van de gemeente.")
    weekday = models.PositiveSmallIntegerField(help_text="0 = maandag, 6 = zondag.")
    channel_id = models.BigIntegerField(default=0)
    domain_id = models.BigIntegerField(default=0)
    product_id = models.BigIntegerField(default=0)
    team_id = models.BigIntegerField(default=0)
    # The agent who registered it: only ever read for that employee's own figures (never for managers).
    employee_id = models.BigIntegerField(default=0)
    outcome_category = models.CharField(max_length=20, choices=OutcomeCategory.choices)
    transfers = models.PositiveSmallIntegerField(default=0)
    transfers_connected = models.PositiveSmallIntegerField(default=0)
    transfers_right_person = models.PositiveSmallIntegerField(default=0)
    answer_found = models.BooleanField(default=False)
    knowledge_linked = models.BooleanField(default=False)
    # The conversation's handling time is attributed to its first question only, so it is counted once.
    handling_attributed = models.BooleanField(default=False)
    handling_seconds = models.PositiveIntegerField(default=0)
    party_id = models.BigIntegerField(null=True, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True)
    is_repeat = models.BooleanField(default=False)
    # The question was removed by the retention job: the fact stays (without customer keys) so aggregate
    # figures stay intact, and a rebuild keeps it instead of recomputing it from the missing question.
    purged = models.BooleanField(default=False)

    class Meta:
        verbose_name = "vraagfeit"
        verbose_name_plural = "vraagfeiten"
        indexes = [
            models.Index(fields=["date"], name="fact_date_idx"),
            models.Index(fields=["product_id", "party_id", "date"], name="fact_repeat_party_idx"),
            models.Index(fields=["product_id", "phone_hash", "date"], name="fact_repeat_phone_idx"),
        ]


class RollupMeasures(models.Model):
    """The counts every daily rollup row carries; sums of them give every question KPI."""

    questions = models.PositiveIntegerField(default=0)
    transferred_1 = models.PositiveIntegerField(default=0, help_text="Vragen met 1 doorverbinding.")
    transferred_2 = models.PositiveIntegerField(default=0, help_text="Vragen met 2 doorverbindingen.")
    transferred_3 = models.PositiveIntegerField(default=0, help_text="Vragen met 3 doorverbindingen.")
    transferred_4plus = models.PositiveIntegerField(default=0, help_text="Vragen met 4 of meer.")
    transfers = models.PositiveIntegerField(default=0)
    transfers_connected = models.PositiveIntegerField(default=0)
    transfers_right_person = models.PositiveIntegerField(default=0)
    answer_found = models.PositiveIntegerField(default=0)
    knowledge_linked = models.PositiveIntegerField(default=0)
    handled_conversations = models.PositiveIntegerField(default=0)
    handling_seconds = models.BigIntegerField(default=0)
    repeats = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyRollup(RollupMeasures):
    """Per day × channel × domain × product × team × outcome category."""

    date = models.DateField()
    channel_id = models.BigIntegerField()
    domain_id = models.BigIntegerField()
    product_id = models.BigIntegerField()
    team_id = models.BigIntegerField()
    outcome_category = models.CharField(max_length=20, choices=OutcomeCategory.choices)

    class Meta:
        verbose_name = "dagtotaal"
        verbose_name_plural = "dagtotalen"
        constraints = [
            models.UniqueConstraint(
                fields=["date", "channel_id", "domain_id", "product_id", "team_id", "outcome_category"],
                name="dailyrollup_unique_cell",
            )
        ]
        # The detail rollup is only read with a product or team filter: let those lead.
        indexes = [
            models.Index(fields=["product_id", "date"], name="dailyrollup_product_idx"),
            models.Index(fields=["team_id", "date"], name="dailyrollup_team_idx"),
        ]


class DailySummary(RollupMeasures):
    """The same counts per day × channel × domain × outcome category: what most requests need."""

    date = models.DateField()
    channel_id = models.BigIntegerField()
    domain_id = models.BigIntegerField()
    outcome_category = models.CharField(max_length=20, choices=OutcomeCategory.choices)

    class Meta:
        verbose_name = "dagsamenvatting"
        verbose_name_plural = "dagsamenvattingen"
        constraints = [
            models.UniqueConstraint(
                fields=["date", "channel_id", "domain_id", "outcome_category"],
                name="dailysummary_unique_cell",
            )
        ]


class EmployeeDailyRollup(RollupMeasures):
    """Per day × employee × team × channel × outcome category: an employee's own figures.

    Kept apart from the management rollups on purpose: no manager view, export, chart or API reads this table.
    Only the employee's own page does, filtered on the employee of the logged-in user.
    """

    date = models.DateField()
    employee_id = models.BigIntegerField()
    team_id = models.BigIntegerField()
    channel_id = models.BigIntegerField()
    outcome_category = models.CharField(max_length=20, choices=OutcomeCategory.choices)

    class Meta:
        verbose_name = "dagtotaal per medewerker"
        verbose_name_plural = "dagtotalen per medewerker"
        constraints = [
            models.UniqueConstraint(
                fields=["employee_id", "date", "team_id", "channel_id", "outcome_category"],
                name="employeedailyrollup_unique_cell",
            )
        ]


class RollupState(models.Model):
    """One row whose version goes up with every rollup change: the live today view's ETag, so an unchanged
    poll costs one tiny query (see voorkant.notifications.live)."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "stand van de totalen"
        verbose_name_plural = "stand van de totalen"


class HourlyMeasures(models.Model):
    questions = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class HourlyRollup(HourlyMeasures):
    """Per day × hour × channel × domain × product × team: the today view and the heat map with filters."""

    date = models.DateField()
    hour = models.PositiveSmallIntegerField()
    weekday = models.PositiveSmallIntegerField()
    channel_id = models.BigIntegerField()
    domain_id = models.BigIntegerField()
    product_id = models.BigIntegerField()
    team_id = models.BigIntegerField()

    class Meta:
        verbose_name = "uurtotaal"
        verbose_name_plural = "uurtotalen"
        constraints = [
            models.UniqueConstraint(
                fields=["date", "hour", "channel_id", "domain_id", "product_id", "team_id"],
                name="hourlyrollup_unique_cell",
            )
        ]
        indexes = [
            models.Index(fields=["product_id", "date"], name="hourlyrollup_product_idx"),
            models.Index(fields=["team_id", "date"], name="hourlyrollup_team_idx"),
        ]


class HourlySummary(HourlyMeasures):
    """Per day × hour × channel × domain: the heat map over long periods."""

    date = models.DateField()
    hour = models.PositiveSmallIntegerField()
    weekday = models.PositiveSmallIntegerField()
    channel_id = models.BigIntegerField()
    domain_id = models.BigIntegerField()

    class Meta:
        verbose_name = "uursamenvatting"
        verbose_name_plural = "uursamenvattingen"
        constraints = [
            models.UniqueConstraint(
                fields=["date", "hour", "channel_id", "domain_id"], name="hourlysummary_unique_cell"
            )
        ]


class NormDirection(models.TextChoices):
    AT_LEAST = "minimaal", "Minimaal"
    AT_MOST = "maximaal", "Maximaal"


class ServiceNorm(models.Model):
    """A service norm the functional administrator set; without a row the default in norms.py applies."""

    code = models.SlugField(max_length=60, unique=True)
    target_percentage = models.DecimalField(
        max_digits=5, decimal_places=1, help_text="Streefwaarde in procenten, bijvoorbeeld 80."
    )
    threshold = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Grens, bijvoorbeeld 15 (seconden) of 2 (werkdagen of doorverbindingen).",
    )
    amber_margin = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=5,
        help_text="Hoeveel procentpunt naast de norm nog oranje is in plaats van rood.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "servicenorm"
        verbose_name_plural = "servicenormen"

    def __str__(self) -> str:
        return self.code


class FollowupFact(models.Model):
    """One row per follow-up (interne taak) with its dimension keys, its moments and how it ended.

    A follow-up counts on the local date it was created. Whether an open one is overdue depends on the
    clock, so open follow-ups are judged when the dashboard is read (there are few); closed ones are
    rolled up. The moments are kept here so that judgement never reads the follow-up table itself.
    """

    task_id = models.BigIntegerField(unique=True)
    question_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField()
    date = models.DateField(help_text="Datum van aanmaken in de tijdzone van de gemeente.")
    channel_id = models.BigIntegerField(default=0)
    domain_id = models.BigIntegerField(default=0)
    product_id = models.BigIntegerField(default=0)
    team_id = models.BigIntegerField(default=0)
    kind = models.CharField(max_length=16)
    deadline_at = models.DateTimeField()
    very_late_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    is_open = models.BooleanField(default=True)
    on_time = models.BooleanField(default=False, help_text="Afgehandeld vóór of op de termijn.")
    very_late = models.BooleanField(default=False, help_text="Afgehandeld na drie keer de termijn.")
    # Working days the customer waited for a callback (1 = by the end of the next working day, 11 = more
    # than 10), with the time the task waited for the customer left out; -1 while open or not a callback.
    callback_workdays = models.SmallIntegerField(default=-1)
    # Opening time the task waited for the customer in closed pauses: the callback clock stops then too.
    waited_seconds = models.BigIntegerField(default=0)
    # For a callback: the working day its count of working days starts from (the creation day, or the next
    # working day when made after closing time), so open callbacks are judged per day, not per row.
    callback_start_day = models.DateField(null=True, blank=True)
    # The question was removed by the retention job (and its follow-ups with it): the fact stays.
    purged = models.BooleanField(default=False)

    class Meta:
        verbose_name = "vervolgactiefeit"
        verbose_name_plural = "vervolgactiefeiten"
        indexes = [
            models.Index(fields=["date"], name="followupfact_date_idx"),
            models.Index(fields=["date"], condition=models.Q(is_open=True), name="followupfact_open_idx"),
        ]


class FollowupMeasures(models.Model):
    created = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    very_late = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class FollowupSummary(FollowupMeasures):
    """Per creation day × channel × domain × kind × callback working days: what most requests need."""

    date = models.DateField()
    channel_id = models.BigIntegerField()
    domain_id = models.BigIntegerField()
    kind = models.CharField(max_length=16)
    callback_workdays = models.SmallIntegerField()

    class Meta:
        verbose_name = "dagsamenvatting vervolgacties"
        verbose_name_plural = "dagsamenvattingen vervolgacties"
        constraints = [
            models.UniqueConstraint(
                fields=["date", "channel_id", "domain_id", "kind", "callback_workdays"],
                name="followupsummary_unique_cell",
            )
        ]


class FollowupDaily(FollowupMeasures):
    """Per creation day × channel × domain × product × team × kind × callback working days."""

    date = models.DateField()
    channel_id = models.BigIntegerField()
    domain_id = models.BigIntegerField()
    product_id = models.BigIntegerField()
    team_id = models.BigIntegerField()
    kind = models.CharField(max_length=16)
    callback_workdays = models.SmallIntegerField()

    class Meta:
        verbose_name = "dagtotaal vervolgacties"
        verbose_name_plural = "dagtotalen vervolgacties"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "date",
                    "channel_id",
                    "domain_id",
                    "product_id",
                    "team_id",
                    "kind",
                    "callback_workdays",
                ],
                name="followupdaily_unique_cell",
            )
        ]
        # The detail rollup is only read with a product or team filter: let those lead.
        indexes = [
            models.Index(fields=["product_id", "date"], name="followupdaily_product_idx"),
            models.Index(fields=["team_id", "date"], name="followupdaily_team_idx"),
        ]
