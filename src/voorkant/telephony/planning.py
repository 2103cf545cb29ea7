"""Forecasting call volume per interval and the agents each interval needs.

Forecast method (docs/telephony.md): for the target day's weekday and each 15-minute slot of the day,
    forecast = weekly level × profile[weekday, slot]
where profile[weekday, slot] is that slot's share of all calls over the last `profile_weeks` weeks with data
(8 by default: enough to smooth noise, short enough to follow seasonal shifts), and the weekly level is the mean
number of calls per week over the last `level_weeks` weeks with data (4 by default). Weeks without any call (the
missing months of the bank data, closures) are left out of both. Parameters for staffing come from the same
history: AHT = (talk + wrap-up) / answered; patience = total waiting time of all calls / abandoned calls.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from voorkant.telephony.erlang import StaffingNeed, agents_required, patience_estimate
from voorkant.telephony.models import Call

SLOT = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class History:
    counts: dict[dt.datetime, int]  # local interval start -> offered calls
    aht: float | None
    patience: float | None
    weeks_used: int


def history_load(*, before: dt.date, weeks: int = 8, queue: str | None = None) -> History:
    """Offered calls per interval over the `weeks` calendar weeks before `before`, plus AHT and patience."""
    tz = timezone.get_current_timezone()
    end = dt.datetime.combine(before, dt.time(), tzinfo=tz)
    start = end - dt.timedelta(weeks=weeks)
    calls = Call.objects.filter(interval_start__gte=start, interval_start__lt=end)
    if queue:
        calls = calls.filter(queue=queue)
    counts = {
        timezone.localtime(row["interval_start"], tz): row["n"]
        for row in calls.values("interval_start").annotate(n=Count("id")).order_by()
    }
    totals = calls.aggregate(
        talk=Sum("talk_seconds"),
        waits=Sum("total_wait_seconds"),
        answered=Count("id", filter=Q(answered=True)),
        abandoned=Count("id", filter=Q(abandoned=True)),
    )
    aht = totals["talk"] / totals["answered"] if totals["answered"] else None
    patience = patience_estimate(total_wait_seconds=totals["waits"] or 0.0, abandoned=totals["abandoned"])
    weeks_used = len({(m.date() - dt.timedelta(days=m.weekday())) for m in counts})
    return History(counts=counts, aht=aht, patience=patience, weeks_used=weeks_used)


def forecast_day(*, history: History, day: dt.date, level_weeks: int = 4) -> dict[dt.time, float]:
    """Expected offered calls per 15-minute slot of `day` (local time)."""
    per_week: dict[dt.date, int] = defaultdict(int)
    per_slot: dict[tuple[int, dt.time], int] = defaultdict(int)
    for moment, count in history.counts.items():
        per_week[moment.date() - dt.timedelta(days=moment.weekday())] += count
        per_slot[(moment.weekday(), moment.time())] += count
    total = sum(per_week.values())
    if not total:
        return {}
    recent = sorted(per_week)[-level_weeks:]
    level = sum(per_week[w] for w in recent) / len(recent)
    return {
        slot: level * count / total
        for (weekday, slot), count in sorted(per_slot.items(), key=lambda item: item[0][1])
        if weekday == day.weekday()
    }


@dataclass(frozen=True)
class SlotPlan:
    slot: dt.time
    forecast: float
    erlang_c: StaffingNeed
    erlang_a: StaffingNeed | None


def staffing_plan(
    *,
    forecast: dict[dt.time, float],
    aht: float,
    patience: float | None,
    threshold: float,
    service_level_target: float,
    abandon_target: float,
    shrinkage: float,
) -> list[SlotPlan]:
    """Agents per slot by Erlang C (service-level norm) and Erlang A (service-level and abandonment norms)."""
    plans = []
    for slot, volume in forecast.items():
        rate = volume / SLOT.total_seconds()
        need_c = agents_required(
            arrival_rate=rate,
            aht=aht,
            threshold=threshold,
            service_level_target=service_level_target,
            shrinkage=shrinkage,
        )
        need_a = (
            agents_required(
                arrival_rate=rate,
                aht=aht,
                threshold=threshold,
                service_level_target=service_level_target,
                abandon_target=abandon_target,
                patience=patience,
                shrinkage=shrinkage,
            )
            if patience
            else None
        )
        plans.append(SlotPlan(slot, volume, need_c, need_a))
    return plans
