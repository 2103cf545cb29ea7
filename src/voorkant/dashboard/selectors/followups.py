"""Follow-up figures for a period and filters: closed follow-ups from the daily rollup, open ones judged now.

Whether an open follow-up is overdue or 3× late depends on the clock, so it cannot be rolled up once and for
all. Open follow-ups are few (tens to a few thousand), so their fact rows are read and judged at read time
against ``now``; closed ones never change their verdict and are summed from ``FollowupDaily``. Both are
counted by creation date: "the follow-ups made in this period, and how they are doing".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum

from voorkant.dashboard.followup_facts import CALLBACK_MAX_WORKDAYS
from voorkant.dashboard.models import FollowupDaily, FollowupFact, FollowupSummary
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


def _passed(moment: datetime, paused_at: datetime | None, now: datetime) -> bool:
    """Whether a follow-up's moment (deadline, 3× moment, callback due) has passed.

    While a follow-up waits for the customer its clock stands still, so it is judged as it stood when the
    wait began: past the moment only if the moment was already behind it then. (The follow-ups app moves
    the moments on by the waited opening time when the wait ends.) This needs no calendar arithmetic per
    open follow-up, however long it has been waiting.
    """
    return (paused_at if paused_at is not None else now) > moment


def _passed_q(moment: str, now: datetime) -> Q:
    """_passed as a database condition, so the open follow-ups are counted without reading them."""
    return Q(paused_at__isnull=True, **{f"{moment}__lt": now}) | Q(
        paused_at__isnull=False, **{f"{moment}__lt": F("paused_at")}
    )


def _open_callbacks_past(open_rows, now: datetime, limit: int) -> int:
    """Open callbacks whose N working days have passed. deadline(start, N working days) depends only on the
    working day the count starts from (``callback_start_day``), so callbacks that never waited are counted
    per start day in the database and the calendar is asked once per day; the few that waited for the
    customer are judged one by one."""
    from voorkant.workdays.calendar import get_calendar

    calendar = get_calendar()
    callbacks = open_rows.filter(kind=CALLBACK)
    due_by_day: dict[date, datetime] = {}

    def due(start_day: date) -> datetime:
        if start_day not in due_by_day:
            midnight = datetime.combine(start_day, time.min, tzinfo=calendar.tz)
            due_by_day[start_day] = calendar.deadline(midnight, working_days=limit)
        return due_by_day[start_day]

    past = 0
    per_day = (
        callbacks.filter(paused_at__isnull=True, waited_seconds=0, callback_start_day__isnull=False)
        .values_list("callback_start_day")
        .annotate(n=Count("id"))
        .order_by("-callback_start_day")
    )
    # The due moment never moves back for a later start day: going from the newest day back, once one day's
    # due moment has passed, every older day's has too, so the calendar is asked only about the last days.
    all_past = False
    for start_day, count in per_day:
        if all_past or now > due(start_day):
            all_past = True
            past += count
    waited = callbacks.exclude(paused_at__isnull=True, waited_seconds=0).values_list(
        "callback_start_day", "paused_at", "waited_seconds"
    )
    for start_day, paused_at, waited_seconds in waited:
        if start_day is None:
            continue
        moment = due(start_day)
        if waited_seconds:
            moment = calendar.add_working_time(moment, timedelta(seconds=waited_seconds))
        past += _passed(moment, paused_at, now)
    return past


def followup_totals(
    *, period: Period, filters: Filters, now: datetime, callback_limit: int
) -> FollowupTotals:
    """Four queries: the closed counts from the rollup, the open ones counted against now in the database,
    and the open callbacks per start day (and the few that waited), whose due moment needs the calendar."""
    totals = FollowupTotals()
    closed = (
        _rows(FollowupDaily if filters.needs_detail else FollowupSummary, period, filters)
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
    open_rows = _rows(FollowupFact, period, filters).filter(is_open=True, purged=False)
    counts = open_rows.aggregate(
        n_open=Count("id"), n_overdue=Count("id", filter=_passed_q("deadline_at", now)),
        n_very_late=Count("id", filter=_passed_q("very_late_at", now)),
    )  # fmt: skip
    totals.open = counts["n_open"]
    totals.open_overdue = counts["n_overdue"]
    totals.open_very_late = counts["n_very_late"]
    if callback_limit <= CALLBACK_MAX_WORKDAYS:
        totals.open_callbacks_past_limit = _open_callbacks_past(open_rows, now, callback_limit)
    return totals
