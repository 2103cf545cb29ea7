"""Every read the dashboard makes. Only rollups, norms and reference tables: never a question table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, Sum

from voorkant.catalogue.models import Product
from voorkant.contacts.models import Channel, OutcomeCategory
from voorkant.dashboard import kpis as kpi_registry
from voorkant.dashboard.display import chart_count, format_count, format_value, is_shown
from voorkant.dashboard.models import (
    DailyRollup,
    DailySummary,
    HourlyRollup,
    HourlySummary,
    ServiceNorm,
)
from voorkant.dashboard.norms import DEFAULT_NORMS, Norm
from voorkant.organisation.models import Domain, Team

WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
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
# Longer periods show the volume trend per week so a chart and its table stay readable.
DAILY_TREND_MAX_DAYS = 62


@dataclass(frozen=True)
class Period:
    kind: str  # "vandaag", "week", "maand", "aangepast"
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start.day} {MONTHS[self.start.month - 1]} {self.start.year}"
        return (
            f"{self.start.day} {MONTHS[self.start.month - 1]} {self.start.year} t/m "
            f"{self.end.day} {MONTHS[self.end.month - 1]} {self.end.year}"
        )


def period_for(kind: str, *, today: date, start: date | None = None, end: date | None = None) -> Period:
    if kind == "week":
        return Period(kind, today - timedelta(days=today.weekday()), today)
    if kind == "maand":
        return Period(kind, today.replace(day=1), today)
    if kind == "aangepast" and start and end:
        return Period(kind, start, end)
    return Period("vandaag", today, today)


@dataclass(frozen=True)
class Filters:
    channel_id: int | None = None
    domain_id: int | None = None
    product_id: int | None = None
    team_id: int | None = None

    @property
    def needs_detail(self) -> bool:
        return self.product_id is not None or self.team_id is not None

    def q(self) -> Q:
        condition = Q()
        for name in ("channel_id", "domain_id", "product_id", "team_id"):
            value = getattr(self, name)
            if value is not None:
                condition &= Q(**{name: value})
        return condition


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


@dataclass(frozen=True)
class KpiResult:
    code: str
    label: str
    unit: str
    source: str
    explanation: str
    available: bool
    value: float | None
    denominator: int | None
    display: str
    norm: Norm | None
    status: str  # groen, oranje, rood, onbekend, geen-norm

    @property
    def shown(self) -> bool:
        return self.available and is_shown(unit=self.unit, value=self.value, denominator=self.denominator)


@dataclass(frozen=True)
class Gap:
    label: str
    segment: str
    display: str
    norm: Norm
    status: str
    shortfall: float


def norms_in_force() -> dict[str, Norm]:
    overrides = {n.code: n for n in ServiceNorm.objects.all()}
    result = {}
    for default in DEFAULT_NORMS:
        own = overrides.get(default.code)
        result[default.code] = Norm(
            code=default.code,
            label=default.label,
            target_percentage=own.target_percentage if own else default.target_percentage,
            direction=default.direction,
            threshold=(own.threshold if own and own.threshold is not None else default.threshold),
            threshold_unit=default.threshold_unit,
            amber_margin=own.amber_margin if own else default.amber_margin,
            source=default.source,
            is_default=own is None,
        )
    return result


def _result(definition, value: kpi_registry.KpiValue | None, norms: dict[str, Norm]) -> KpiResult:
    norm = norms.get(definition.norm_code) if definition.norm_code else None
    available = value is not None
    number = value.value if value else None
    denominator = value.denominator if value else None
    shown = available and is_shown(unit=definition.unit, value=number, denominator=denominator)
    status = "geen-norm" if norm is None else (norm.status(number) if shown else "onbekend")
    return KpiResult(
        code=definition.code,
        label=definition.label,
        unit=definition.unit,
        source=definition.source,
        explanation=definition.explanation,
        available=available,
        value=number,
        denominator=denominator,
        display=format_value(
            unit=definition.unit, value=number, denominator=denominator, available=available
        ),
        norm=norm,
        status=status,
    )


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


def kpis_for(period: Period, filters: Filters, seg: Segments, norms: dict[str, Norm]) -> list[KpiResult]:
    context = kpi_registry.KpiContext(period=period, filters=filters, totals=seg.total, norms=norms)
    return [_result(d, d.provider(context), norms) for d in kpi_registry.definitions()]


def gaps_for(
    results: list[KpiResult], seg: Segments, norms: dict[str, Norm], names: dict[str, dict[int, str]]
) -> list[Gap]:
    """'Where do we lose customers': each KPI with a norm, overall and per channel and domain, that misses it,
    largest shortfall first. Slices under the suppression threshold are left out."""
    gaps: list[Gap] = []
    for result in results:
        if result.norm is None or not result.shown:
            continue
        slices: list[tuple[str, kpi_registry.KpiValue | None]] = [
            ("Totaal", kpi_registry.KpiValue(result.value, None, result.denominator))
        ]
        definition = kpi_registry.definition(result.code)
        if definition.from_totals:
            for channel_id, totals in seg.by_channel.items():
                label = "Kanaal " + names["channel"].get(channel_id, "onbekend")
                slices.append((label, kpi_registry.segment_value(result.code, totals, norms)))
            for domain_id, totals in seg.by_domain.items():
                label = "Domein " + names["domain"].get(domain_id, "onbekend")
                slices.append((label, kpi_registry.segment_value(result.code, totals, norms)))
        for label, value in slices:
            if value is None or not is_shown(
                unit=result.unit, value=value.value, denominator=value.denominator
            ):
                continue
            status = result.norm.status(value.value)
            if status == "groen":
                continue
            gaps.append(
                Gap(
                    label=result.label,
                    segment=label,
                    display=format_value(unit=result.unit, value=value.value, denominator=value.denominator),
                    norm=result.norm,
                    status=status,
                    shortfall=result.norm.shortfall(value.value),
                )
            )
    gaps.sort(key=lambda gap: -gap.shortfall)
    return gaps[:8]


def breakdown(segment_totals: dict[int, Totals], names: dict[int, str]) -> list[dict]:
    """Rows for the per-channel / per-domain tables and charts: volume and first-contact resolution."""
    rows = []
    for key, totals in segment_totals.items():
        fcr = kpi_registry.first_contact_resolution(totals)
        rows.append(
            {
                "label": names.get(key, "Onbekend"),
                "questions": totals.questions,
                "questions_display": format_count(totals.questions),
                "questions_chart": chart_count(totals.questions),
                "fcr_display": format_value(unit="%", value=fcr.value, denominator=fcr.denominator),
                "fcr_chart": round(fcr.value, 1)
                if is_shown(unit="%", value=fcr.value, denominator=fcr.denominator)
                else None,
            }
        )
    rows.sort(key=lambda row: (-row["questions"], row["label"]))
    return rows


def trend(period: Period, filters: Filters) -> list[dict]:
    rows = (
        _daily_rows(period, filters)
        .values("date")
        .annotate(
            day_questions=Sum("questions"),
            day_resolved=Sum("questions", filter=Q(outcome_category=OutcomeCategory.RESOLVED)),
        )
        .order_by("date")
    )
    per_day = {row["date"]: (row["day_questions"] or 0, row["day_resolved"] or 0) for row in rows}
    weekly = period.days > DAILY_TREND_MAX_DAYS
    buckets: dict[date, list[int]] = {}
    day = period.start
    while day <= period.end:
        bucket = day - timedelta(days=day.weekday()) if weekly else day
        questions, resolved = per_day.get(day, (0, 0))
        totals = buckets.setdefault(bucket, [0, 0])
        totals[0] += questions
        totals[1] += resolved
        day += timedelta(days=1)
    result = []
    for bucket, (questions, resolved) in buckets.items():
        label = f"{bucket.day} {MONTHS[bucket.month - 1]}"
        fcr = 100.0 * resolved / questions if questions else None
        fcr_shown = is_shown(unit="%", value=fcr, denominator=questions)
        result.append(
            {
                "label": ("week van " + label) if weekly else f"{WEEKDAYS[bucket.weekday()][:2]} {label}",
                "questions": questions,
                "questions_display": format_count(questions),
                "questions_chart": chart_count(questions),
                "fcr_display": format_value(unit="%", value=fcr, denominator=questions),
                "fcr_chart": round(fcr, 1) if fcr_shown else None,
            }
        )
    return result


def heatmap(period: Period, filters: Filters) -> dict:
    """Questions per hour × weekday over the period."""
    rows = (
        _hourly_rows(period, filters)
        .values("weekday", "hour")
        .annotate(questions=Sum("questions"))
        .order_by()
    )
    cells = {(row["weekday"], row["hour"]): row["questions"] or 0 for row in rows}
    hours_with_data = {hour for (_, hour), count in cells.items() if count}
    hours = sorted(hours_with_data | set(range(8, 18)))
    peak = max(cells.values(), default=0)
    grid = []
    for hour in hours:
        row = []
        for weekday in range(7):
            count = cells.get((weekday, hour), 0)
            shade = 0 if not count or chart_count(count) is None else max(1, round(4 * count / peak))
            row.append({"display": format_count(count), "shade": shade})
        grid.append({"hour": f"{hour:02d}:00", "cells": row})
    return {"weekdays": WEEKDAYS, "rows": grid}


def hourly_today(day: date, filters: Filters) -> list[dict]:
    rows = (
        _hourly_rows(Period("vandaag", day, day), filters)
        .values("hour")
        .annotate(questions=Sum("questions"), resolved=Sum("resolved"))
        .order_by("hour")
    )
    per_hour = {row["hour"]: row["questions"] or 0 for row in rows}
    hours = sorted(set(per_hour) | set(range(8, 18)))
    return [
        {
            "label": f"{hour:02d}:00",
            "questions": per_hour.get(hour, 0),
            "questions_display": format_count(per_hour.get(hour, 0)),
            "questions_chart": chart_count(per_hour.get(hour, 0)),
        }
        for hour in hours
    ]


@dataclass(frozen=True)
class Choices:
    channels: list[tuple[int, str]]
    domains: list[tuple[int, str]]
    products: list[tuple[int, str]]
    teams: list[tuple[int, str]]

    def names(self) -> dict[str, dict[int, str]]:
        return {
            "channel": dict(self.channels),
            "domain": dict(self.domains),
            "product": dict(self.products),
            "team": dict(self.teams),
        }


def filter_choices() -> Choices:
    """Reference lists for the filters and for naming segments (no people: teams, never employees)."""
    return Choices(
        channels=list(Channel.objects.order_by("order", "name").values_list("id", "name")),
        domains=list(Domain.objects.order_by("name").values_list("id", "name")),
        products=list(
            Product.objects.filter(is_active=True, owner_domain__isnull=False)
            .order_by("name")
            .values_list("id", "name")
        ),
        teams=list(Team.objects.order_by("name").values_list("id", "name")),
    )


@dataclass
class Dashboard:
    period: Period
    filters: Filters
    kpis: list[KpiResult]
    gaps: list[Gap]
    by_channel: list[dict]
    by_domain: list[dict]
    trend: list[dict]
    heatmap: dict
    norms: dict[str, Norm]


def dashboard_for(period: Period, filters: Filters, choices: Choices) -> Dashboard:
    norms = norms_in_force()
    seg = segments(period, filters)
    names = choices.names()
    results = kpis_for(period, filters, seg, norms)
    return Dashboard(
        period=period,
        filters=filters,
        kpis=results,
        gaps=gaps_for(results, seg, norms, names),
        by_channel=breakdown(seg.by_channel, names["channel"]),
        by_domain=breakdown(seg.by_domain, names["domain"]),
        trend=trend(period, filters),
        heatmap=heatmap(period, filters),
        norms=norms,
    )


def kpis_only(period: Period, filters: Filters) -> tuple[list[KpiResult], Totals]:
    """The KPI list alone (the JSON API): two queries."""
    norms = norms_in_force()
    seg = segments(period, filters)
    return kpis_for(period, filters, seg, norms), seg.total
