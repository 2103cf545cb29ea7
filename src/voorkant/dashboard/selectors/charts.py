"""The series behind the charts and their tables: per segment, the trend, the heat map and today's hours."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, Sum

from voorkant.contacts.models import OutcomeCategory
from voorkant.dashboard import kpis as kpi_registry
from voorkant.dashboard.display import chart_count, format_count, format_value, is_shown
from voorkant.dashboard.periods import MONTHS, WEEKDAYS, Filters, Period
from voorkant.dashboard.selectors.totals import Totals, _daily_rows, _hourly_rows

# Longer periods show the volume trend per week so a chart and its table stay readable.
DAILY_TREND_MAX_DAYS = 62


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
