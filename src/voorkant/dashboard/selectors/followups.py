"""Follow-up figures for a period and filters: closed follow-ups from the daily rollup, open ones judged now.

Whether an open follow-up is overdue or 3× late depends on the clock, so it cannot be rolled up once and for
all. Open follow-ups are few (tens to a few thousand), so their fact rows are read and judged at read time
against ``now``; closed ones never change their verdict and are summed from ``FollowupDaily``. Both are
counted by creation date: "the follow-ups made in this period, and how they are doing".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Sum

from voorkant.dashboard.followup_facts import CALLBACK_MAX_WORKDAYS
from voorkant.dashboard.models import FollowupDaily, FollowupFact
from voorkant.dashboard.periods import Filters, Period

CALLBACK = "terugbelverzoek"


@dataclass
class FollowupTotals:
    created: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    resolved_very_late: int = 0
    open: int = 0
    open_overdue: int = 0
    open_very_late: int = 0
    # Closed callbacks by working days until the customer was called back (1 … CALLBACK_MAX_WORKDAYS + 1).
    callbacks_by_workdays: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    open_callbacks_past_limit: int = 0

    def callbacks_within(self, limit: int) -> tuple[int, int]:
        """(called back within limit working days, callbacks whose limit is known to be met or missed)."""
        within = sum(count for days, count in self.callbacks_by_workdays.items() if days <= limit)
        closed = sum(self.callbacks_by_workdays.values())
        return within, closed + self.open_callbacks_past_limit


def _rows(model, period: Period, filters: Filters):
    return model.objects.filter(filters.q(), date__gte=period.start, date__lte=period.end)


def _clock_stopped_until(moment: datetime, paused_at: datetime | None, now: datetime, calendar) -> datetime:
    """A moment moved on by the opening time of a pause still going on: the clock stops while waiting."""
    if paused_at is None:
        return moment
    waited = calendar.working_time_between(paused_at, now)
    return calendar.add_working_time(moment, waited) if waited else moment


def followup_totals(
    *, period: Period, filters: Filters, now: datetime, callback_limit: int
) -> FollowupTotals:
    """Two queries: the closed counts from the rollup, the open follow-ups' facts to judge against now."""
    from voorkant.workdays.calendar import get_calendar

    totals = FollowupTotals()
    closed = (
        _rows(FollowupDaily, period, filters)
        .values("kind", "callback_workdays")
        .annotate(
            n_created=Sum("created"),
            n_resolved=Sum("resolved"),
            n_on_time=Sum("on_time"),
            n_very_late=Sum("very_late"),
        )
        .order_by()
    )
    for row in closed:
        totals.created += row["n_created"] or 0
        totals.resolved += row["n_resolved"] or 0
        totals.resolved_on_time += row["n_on_time"] or 0
        totals.resolved_very_late += row["n_very_late"] or 0
        if row["kind"] == CALLBACK and row["callback_workdays"] > 0:
            totals.callbacks_by_workdays[row["callback_workdays"]] += row["n_resolved"] or 0
    # A follow-up removed with its question by the retention job keeps its counts but is no longer open.
    open_facts = (
        _rows(FollowupFact, period, filters)
        .filter(is_open=True, purged=False)
        .values_list("kind", "created_at", "deadline_at", "very_late_at", "paused_at", "waited_seconds")
    )
    calendar = get_calendar()
    # deadline(start, N working days) depends only on the working day the count starts from
    # (add_working_days(start, 0): the same day, or the next working day after closing time), so it is
    # computed once per such day, not once per open callback.
    due_by_start_day: dict = {}
    for kind, created_at, deadline_at, very_late_at, paused_at, waited_seconds in open_facts:
        totals.open += 1
        if now > _clock_stopped_until(deadline_at, paused_at, now, calendar):
            totals.open_overdue += 1
        if now > _clock_stopped_until(very_late_at, paused_at, now, calendar):
            totals.open_very_late += 1
        if kind == CALLBACK and callback_limit <= CALLBACK_MAX_WORKDAYS:
            start_day = calendar.add_working_days(created_at, 0)
            if start_day not in due_by_start_day:
                midnight = datetime.combine(start_day, time.min, tzinfo=calendar.tz)
                due_by_start_day[start_day] = calendar.deadline(midnight, working_days=callback_limit)
            due = due_by_start_day[start_day]
            if waited_seconds:
                due = calendar.add_working_time(due, timedelta(seconds=waited_seconds))
            if now > _clock_stopped_until(due, paused_at, now, calendar):
                totals.open_callbacks_past_limit += 1
    return totals
