"""Derive a follow-up's fact row from the follow-ups tables (in jobs and the rebuild, never in a request).

Dimensions: the channel and product of the question that raised it, the domain and team it is routed to
(the domain of the product's owner when none), the kind. Outcome: on time (resolved by its deadline, which the
follow-ups app moves on while the task waits for the customer), 3× late (resolved after three times the
norm) and, for callbacks, in how many working days the customer was called back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from voorkant.dashboard.facts import local_zone
from voorkant.followups.models import FollowupKind, FollowupLogEntry, InternalTask, LogKind
from voorkant.workdays.calendar import WorkingCalendar, get_calendar

# Callbacks slower than this many working days share one bucket: the norm is 2, nobody sets it above 10.
CALLBACK_MAX_WORKDAYS = 10

TASK_COLUMNS = (
    "id",
    "question_id",
    "created_at",
    "question__channel_id",
    "domain_id",
    "question__product__owner_domain_id",
    "question__product_id",
    "team_id",
    "kind",
    "deadline_at",
    "very_late_at",
    "paused_at",
    "resolved_at",
)


def _waited(ids: list[int], calendar: WorkingCalendar) -> dict[int, timedelta]:
    """Opening time each task spent waiting for the customer in pauses that ended (resumed or resolved)."""
    waited: dict[int, timedelta] = defaultdict(timedelta)
    started: dict[int, datetime] = {}
    entries = (
        FollowupLogEntry.objects.filter(
            task_id__in=ids, kind__in=(LogKind.WAITING, LogKind.RESUMED, LogKind.RESOLVED)
        )
        .order_by("task_id", "at", "id")
        .values_list("task_id", "kind", "at")
    )
    for task_id, kind, moment in entries:
        if kind == LogKind.WAITING:
            started.setdefault(task_id, moment)
        elif task_id in started:
            waited[task_id] += calendar.working_time_between(started.pop(task_id), moment)
    return waited


def callback_workdays(
    *, created_at: datetime, resolved_at: datetime, waited: timedelta, calendar: WorkingCalendar
) -> int:
    """1 when called back by the end of the next working day (the platform's deadline rule), and so on;
    CALLBACK_MAX_WORKDAYS + 1 for anything slower. Time spent waiting for the customer is left out."""
    for days in range(1, CALLBACK_MAX_WORKDAYS + 1):
        due = calendar.deadline(created_at, working_days=days)
        if waited:
            due = calendar.add_working_time(due, waited)
        if resolved_at <= due:
            return days
    return CALLBACK_MAX_WORKDAYS + 1


def followup_facts_for(ids: Iterable[int]) -> list[dict]:
    """Fact values for each existing follow-up among ids (deleted ones are simply absent). Two queries."""
    ids = list(ids)
    rows = list(InternalTask.objects.filter(id__in=ids).values_list(*TASK_COLUMNS))
    calendar = get_calendar()
    waited = _waited([row[0] for row in rows], calendar)
    zone = local_zone()
    facts = []
    for (
        task_id,
        question_id,
        created_at,
        channel_id,
        domain_id,
        owner_domain_id,
        product_id,
        team_id,
        kind,
        deadline_at,
        very_late_at,
        paused_at,
        resolved_at,
    ) in rows:
        closed = resolved_at is not None
        wait = waited.get(task_id, timedelta(0))
        facts.append(
            {
                "task_id": task_id,
                "question_id": question_id,
                "created_at": created_at,
                "date": created_at.astimezone(zone).date(),
                "channel_id": channel_id or 0,
                "domain_id": domain_id or owner_domain_id or 0,
                "product_id": product_id or 0,
                "team_id": team_id or 0,
                "kind": kind,
                "deadline_at": deadline_at,
                "very_late_at": very_late_at,
                "paused_at": paused_at,
                "resolved_at": resolved_at,
                "is_open": not closed,
                "on_time": closed and resolved_at <= deadline_at,
                "very_late": closed and resolved_at > very_late_at,
                "callback_workdays": callback_workdays(
                    created_at=created_at, resolved_at=resolved_at, waited=wait, calendar=calendar
                )
                if closed and kind == FollowupKind.CALLBACK
                else -1,
                "waited_seconds": int(wait.total_seconds()),
                "callback_start_day": calendar.add_working_days(created_at, 0)
                if kind == FollowupKind.CALLBACK
                else None,
            }
        )
    return facts
