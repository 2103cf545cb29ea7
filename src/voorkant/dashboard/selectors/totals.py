"""Sums of the rollup counts: the question totals every KPI of the management dashboard starts from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from voorkant.contacts.models import OutcomeCategory
from voorkant.dashboard.models import DailyRollup, DailySummary, HourlyRollup, HourlySummary
from voorkant.dashboard.periods import Filters, Period

DAILY_SUM_FIELDS = (
    "questions",
    "transferred_1",
    "transferred_2",
    "transferred_3",
    "transferred_4plus",
    "transfers",
    "transfers_connected",
    "transfers_right_person",
    "answer_found",
    "knowledge_linked",
    "handled_conversations",
    "handling_seconds",
    "repeats",
)


@dataclass
class Totals:
    """Sums of the rollup counts for any slice (the whole period, a channel, a domain)."""

    questions: int = 0
    resolved: int = 0
    follow_up: int = 0
    transferred_by_count: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    transfers: int = 0
    transfers_connected: int = 0
    transfers_right_person: int = 0
    answer_found: int = 0
    knowledge_linked: int = 0
    handled_conversations: int = 0
    handling_seconds: int = 0
    repeats: int = 0

    @property
    def transferred(self) -> int:
        return sum(self.transferred_by_count.values())

    def add(self, row: dict) -> None:
        questions = row["questions"] or 0
        self.questions += questions
        if row["outcome_category"] == OutcomeCategory.RESOLVED:
            self.resolved += questions
        if row["outcome_category"] == OutcomeCategory.FOLLOW_UP:
            self.follow_up += questions
        for count, name in (
            (1, "transferred_1"),
            (2, "transferred_2"),
            (3, "transferred_3"),
            (4, "transferred_4plus"),
        ):
            self.transferred_by_count[count] += row[name] or 0
        for name in (
            "transfers",
            "transfers_connected",
            "transfers_right_person",
            "answer_found",
            "knowledge_linked",
            "handled_conversations",
            "handling_seconds",
            "repeats",
        ):
            setattr(self, name, getattr(self, name) + (row[name] or 0))


def _daily_rows(period: Period, filters: Filters):
    model = DailyRollup if filters.needs_detail else DailySummary
    return model.objects.filter(filters.q(), date__gte=period.start, date__lte=period.end)


def _hourly_rows(period: Period, filters: Filters):
    model = HourlyRollup if filters.needs_detail else HourlySummary
    return model.objects.filter(filters.q(), date__gte=period.start, date__lte=period.end)


def _sums(fields=DAILY_SUM_FIELDS) -> dict:
    return {name: Sum(name) for name in fields}


@dataclass
class Segments:
    total: Totals
    by_channel: dict[int, Totals]
    by_domain: dict[int, Totals]


def segments(period: Period, filters: Filters) -> Segments:
    """One query: totals per channel × domain × outcome category, summed here into every slice we show."""
    rows = (
        _daily_rows(period, filters)
        .values("channel_id", "domain_id", "outcome_category")
        .annotate(**_sums())
        .order_by()
    )
    total = Totals()
    by_channel: dict[int, Totals] = defaultdict(Totals)
    by_domain: dict[int, Totals] = defaultdict(Totals)
    for row in rows:
        total.add(row)
        by_channel[row["channel_id"]].add(row)
        by_domain[row["domain_id"]].add(row)
    return Segments(total, dict(by_channel), dict(by_domain))
