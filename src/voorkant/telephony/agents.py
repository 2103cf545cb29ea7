"""Agent time from agent events: logged in, paused and wrap-up seconds per 15-minute interval.

An agent's state holds from one of their events to the next: logged_in and unpaused mean staffed, paused means
paused, wrap_up means staffed but busy with after-call work until the agent's next event, logged_out ends it.
A state never lasts longer than MAX_SPAN (a forgotten log-out must not count as a night of staffing), and an
open state ends at the end of the period asked for or now, whichever is earlier.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from voorkant.telephony.models import EventType, TelephonyEvent
from voorkant.telephony.summary import INTERVAL, interval_floor

MAX_SPAN = dt.timedelta(hours=12)
STATE_AFTER = {
    EventType.LOGGED_IN: "staffed",
    EventType.UNPAUSED: "staffed",
    EventType.PAUSED: "paused",
    EventType.WRAP_UP: "wrap_up",
    EventType.LOGGED_OUT: "out",
}


@dataclass
class AgentTime:
    staffed_seconds: float = 0.0  # logged in and not paused (includes talking and wrap-up)
    paused_seconds: float = 0.0
    wrap_up_seconds: float = 0.0


def _spread(totals: dict[dt.datetime, AgentTime], state: str, start: dt.datetime, end: dt.datetime) -> None:
    moment = start
    while moment < end:
        bucket = interval_floor(moment)
        piece_end = min(end, bucket + INTERVAL)
        seconds = (piece_end - moment).total_seconds()
        time = totals[bucket]
        if state == "paused":
            time.paused_seconds += seconds
        else:
            time.staffed_seconds += seconds
            if state == "wrap_up":
                time.wrap_up_seconds += seconds
        moment = piece_end


def agent_time_per_interval(*, start: dt.datetime, end: dt.datetime) -> dict[dt.datetime, AgentTime]:
    """Agent seconds per interval in [start, end), summed over all agents (one query)."""
    horizon = min(end, timezone.now())
    rows = (
        TelephonyEvent.objects.filter(
            is_agent_event=True, occurred_at__gte=start - MAX_SPAN, occurred_at__lt=end
        )
        .order_by("occurred_at", "id")
        .values_list("employee_id", "agent_ref", "event_type", "occurred_at")
    )
    per_agent: dict[object, list[tuple[str, dt.datetime]]] = defaultdict(list)
    for employee_id, agent_ref, event_type, occurred_at in rows:
        per_agent[employee_id or agent_ref].append((event_type, occurred_at))
    totals: dict[dt.datetime, AgentTime] = defaultdict(AgentTime)
    for events in per_agent.values():
        events.sort(key=lambda item: item[1])
        for index, (event_type, occurred_at) in enumerate(events):
            state = STATE_AFTER.get(event_type, "out")
            if state == "out":
                continue
            following = events[index + 1][1] if index + 1 < len(events) else horizon
            span_end = min(following, occurred_at + MAX_SPAN, horizon)
            span_start = max(occurred_at, start)
            if span_end > span_start:
                _spread(totals, state, span_start, span_end)
    return totals


@dataclass(frozen=True)
class AgentsNow:
    logged_in: int
    paused: int
    wrap_up: int
    staffed: int


def agents_now(*, now: dt.datetime | None = None) -> AgentsNow:
    """Each agent's current state from their latest event in the last MAX_SPAN (one query)."""
    now = now or timezone.now()
    rows = (
        TelephonyEvent.objects.filter(
            is_agent_event=True, occurred_at__gte=now - MAX_SPAN, occurred_at__lte=now
        )
        .order_by("occurred_at", "id")
        .values_list("employee_id", "agent_ref", "event_type")
    )
    latest: dict[object, str] = {}
    for employee_id, agent_ref, event_type in rows:
        latest[employee_id or agent_ref] = STATE_AFTER.get(event_type, "out")
    states = list(latest.values())
    logged_in = sum(1 for s in states if s != "out")
    paused = states.count("paused")
    wrap_up = states.count("wrap_up")
    return AgentsNow(logged_in=logged_in, paused=paused, wrap_up=wrap_up, staffed=logged_in - paused)
