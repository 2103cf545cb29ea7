"""Which rollup tables exist, which fact columns key them, and how a cell is aggregated from the facts.

Incremental updates and the full rebuild both aggregate through these specs, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from voorkant.contacts.models import OutcomeCategory
from voorkant.dashboard.models import (
    DailyRollup,
    DailySummary,
    EmployeeDailyRollup,
    FollowupDaily,
    FollowupFact,
    FollowupSummary,
    HourlyRollup,
    HourlySummary,
    QuestionFact,
)


def _sum(field: str):
    return Coalesce(Sum(field), 0)


DAILY_MEASURES = {
    "questions": Count("id"),
    "transferred_1": Count("id", filter=Q(transfers=1)),
    "transferred_2": Count("id", filter=Q(transfers=2)),
    "transferred_3": Count("id", filter=Q(transfers=3)),
    "transferred_4plus": Count("id", filter=Q(transfers__gte=4)),
    "transfers": _sum("transfers"),
    "transfers_connected": _sum("transfers_connected"),
    "transfers_right_person": _sum("transfers_right_person"),
    "answer_found": Count("id", filter=Q(answer_found=True)),
    "knowledge_linked": Count("id", filter=Q(knowledge_linked=True)),
    "handled_conversations": Count("id", filter=Q(handling_attributed=True)),
    "handling_seconds": _sum("handling_seconds"),
    "repeats": Count("id", filter=Q(is_repeat=True)),
}

HOURLY_MEASURES = {
    "questions": Count("id"),
    "resolved": Count("id", filter=Q(outcome_category=OutcomeCategory.RESOLVED)),
}


@dataclass(frozen=True)
class RollupSpec:
    model: type
    # Fact columns that key a cell; weekday follows from date, so it is carried without widening the key.
    dims: tuple[str, ...]
    measures: dict
    carried: tuple[str, ...] = ()
    fact_model: type = field(default=QuestionFact)
    # The measure that counts the cell's facts: a cell whose count is zero is deleted.
    count_measure: str = "questions"

    @property
    def key_fields(self) -> tuple[str, ...]:
        return self.dims + self.carried

    def cell_key(self, fact: dict) -> tuple:
        return tuple(fact[d] for d in self.key_fields)


DAILY = RollupSpec(
    DailyRollup,
    ("date", "channel_id", "domain_id", "product_id", "team_id", "outcome_category"),
    DAILY_MEASURES,
)
DAILY_SUMMARY = RollupSpec(
    DailySummary, ("date", "channel_id", "domain_id", "outcome_category"), DAILY_MEASURES
)
HOURLY = RollupSpec(
    HourlyRollup,
    ("date", "hour", "channel_id", "domain_id", "product_id", "team_id"),
    HOURLY_MEASURES,
    carried=("weekday",),
)
HOURLY_SUMMARY = RollupSpec(
    HourlySummary, ("date", "hour", "channel_id", "domain_id"), HOURLY_MEASURES, carried=("weekday",)
)
EMPLOYEE_DAILY = RollupSpec(
    EmployeeDailyRollup,
    ("date", "employee_id", "team_id", "channel_id", "outcome_category"),
    DAILY_MEASURES,
)
SPECS: tuple[RollupSpec, ...] = (DAILY, DAILY_SUMMARY, HOURLY, HOURLY_SUMMARY, EMPLOYEE_DAILY)
FACT_KEY_FIELDS = sorted({name for spec in SPECS for name in spec.key_fields})

FOLLOWUP_MEASURES = {
    "created": Count("id"),
    "resolved": Count("id", filter=Q(is_open=False)),
    "on_time": Count("id", filter=Q(is_open=False, on_time=True)),
    "very_late": Count("id", filter=Q(is_open=False, very_late=True)),
}
FOLLOWUP_DAILY = RollupSpec(
    FollowupDaily,
    ("date", "channel_id", "domain_id", "product_id", "team_id", "kind", "callback_workdays"),
    FOLLOWUP_MEASURES,
    fact_model=FollowupFact,
    count_measure="created",
)
FOLLOWUP_SUMMARY = RollupSpec(
    FollowupSummary,
    ("date", "channel_id", "domain_id", "kind", "callback_workdays"),
    FOLLOWUP_MEASURES,
    fact_model=FollowupFact,
    count_measure="created",
)
FOLLOWUP_SPECS: tuple[RollupSpec, ...] = (FOLLOWUP_DAILY, FOLLOWUP_SUMMARY)


def cell_recompute(*, spec: RollupSpec, key: tuple) -> None:
    """Make one rollup cell equal to the aggregate of its facts (delete it when no fact is left).

    Recomputing from the facts rather than adding deltas makes every update idempotent: running it twice, or
    after a retried job, gives the same row.
    """
    lookup = dict(zip(spec.key_fields, key, strict=True))
    dims = {d: lookup[d] for d in spec.dims}
    values = spec.fact_model.objects.filter(**dims).aggregate(**spec.measures)
    if not values[spec.count_measure]:
        spec.model.objects.filter(**dims).delete()
        return
    spec.model.objects.update_or_create(defaults={**values, **lookup}, **dims)


def cells_rebuild(*, spec: RollupSpec, facts) -> int:
    """Insert the cells for a set of facts (the caller deleted the old ones) in one INSERT … SELECT, so a
    rebuild of millions of facts never passes its rows through Python. Returns the number of rows."""
    rows = facts.values(*spec.key_fields).annotate(**spec.measures).order_by()
    select, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(spec.model._meta.get_field(name).column) for name in (*spec.key_fields, *spec.measures)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(spec.model._meta.db_table)} ({columns}) {select}", params)  # noqa: S608
        return cursor.rowcount
