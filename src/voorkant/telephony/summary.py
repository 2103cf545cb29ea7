"""Deriving a call's summary from its events: one pure function, used by the API ingest and every importer.

Definitions (also in docs/telephony.md):
- A call is a chain of *segments*: each starts when the customer begins to wait (entering a queue, or being
  transferred) and has an answer and an end. A transfer ends the talking segment and starts a new waiting one.
- wait_seconds: the first segment's wait, until the first answer or the hang-up.
- total_wait_seconds: the sum of every segment's wait — what the customer waited in total across transfers.
- right_person_seconds: from entering the first queue to the answer of the last segment (the person the call
  ended with), so waiting, talking to the wrong person and being transferred all count.
- talk_seconds: the sum of every segment's answered-to-end time.
Events are sorted by (timestamp, lifecycle order, id), so the same set of events always gives the same summary,
whatever order they arrived in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from voorkant.telephony.models import CallStatus, EventType

TYPE_ORDER = {
    EventType.QUEUED: 0,
    EventType.RINGING: 1,
    EventType.ANSWERED: 2,
    EventType.TRANSFERRED: 3,
    EventType.ABANDONED: 4,
    EventType.COMPLETED: 5,
}
INTERVAL = dt.timedelta(minutes=15)


class CallEventRow(NamedTuple):
    """The fields of a stored call event the summary needs."""

    occurred_at: dt.datetime
    event_type: str
    event_id: str
    queue: str = ""
    agent_ref: str = ""
    employee_id: int | None = None
    target: str = ""
    target_is_agent: bool = False
    caller_number: str = ""


@dataclass
class Segment:
    queue: str
    wait_start: dt.datetime
    answered_at: dt.datetime | None = None
    agent_ref: str = ""
    employee_id: int | None = None
    ended_at: dt.datetime | None = None
    abandoned: bool = False

    @property
    def wait_end(self) -> dt.datetime | None:
        if self.answered_at is not None:
            return self.answered_at
        return self.ended_at if self.abandoned else None


@dataclass
class CallSummary:
    """Every derived field of telephony.models.Call except identity, source and repeat flag."""

    queue: str = ""
    final_queue: str = ""
    caller_number: str = ""
    entered_at: dt.datetime | None = None
    interval_start: dt.datetime | None = None
    status: str = CallStatus.WAITING
    waiting_since: dt.datetime | None = None
    answered_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    answered: bool = False
    abandoned: bool = False
    abandoned_after_transfer: bool = False
    wait_seconds: float | None = None
    total_wait_seconds: float = 0.0
    talk_seconds: float = 0.0
    right_person_seconds: float | None = None
    transfer_count: int = 0
    first_agent_ref: str = ""
    first_employee_id: int | None = None
    final_agent_ref: str = ""
    final_employee_id: int | None = None
    event_count: int = 0
    segments: list[Segment] = field(default_factory=list)


def interval_floor(moment: dt.datetime) -> dt.datetime:
    """The start of the 15-minute interval holding this moment (in the moment's own time zone)."""
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def _seconds(start: dt.datetime, end: dt.datetime) -> float:
    return max(0.0, (end - start).total_seconds())


def summarise_call(events: list[CallEventRow]) -> CallSummary:
    """Rebuild a call from all its events (any order, duplicates already removed by id)."""
    ordered = sorted(events, key=lambda e: (e.occurred_at, TYPE_ORDER.get(e.event_type, 9), e.event_id))
    segments: list[Segment] = []
    completed = False
    transfers = 0
    caller = ""

    for event in ordered:
        caller = caller or event.caller_number
        current = segments[-1] if segments else None
        open_segment = current is not None and current.ended_at is None
        kind = event.event_type
        if kind == EventType.QUEUED:
            if not open_segment:
                segments.append(Segment(queue=event.queue, wait_start=event.occurred_at))
            elif current.answered_at is None:
                current.queue = event.queue or current.queue  # moved to another queue while waiting
            else:
                # Back in a queue while talking: a transfer the exchange did not announce.
                current.ended_at = event.occurred_at
                transfers += 1
                segments.append(Segment(queue=event.queue, wait_start=event.occurred_at))
        elif kind == EventType.RINGING:
            if not open_segment:
                segments.append(Segment(queue=event.queue, wait_start=event.occurred_at))
        elif kind == EventType.ANSWERED:
            if not open_segment:
                current = Segment(queue=event.queue, wait_start=event.occurred_at)
                segments.append(current)
            if current.answered_at is None:
                current.answered_at = event.occurred_at
                current.agent_ref = event.agent_ref
                current.employee_id = event.employee_id
        elif kind == EventType.TRANSFERRED:
            if open_segment and current.answered_at is not None:
                current.ended_at = event.occurred_at
                transfers += 1
                queue = current.queue if event.target_is_agent else event.target
                segments.append(Segment(queue=queue, wait_start=event.occurred_at))
            elif open_segment and not event.target_is_agent:
                current.queue = event.target  # redirected before anyone answered: same wait, other queue
        elif kind in (EventType.ABANDONED, EventType.COMPLETED):
            if not open_segment and not segments:
                segments.append(Segment(queue=event.queue, wait_start=event.occurred_at))
                current, open_segment = segments[-1], True
            if open_segment:
                current.ended_at = event.occurred_at
                current.abandoned = current.answered_at is None
            completed = True

    summary = CallSummary(event_count=len(ordered), caller_number=caller, transfer_count=transfers)
    if not segments:
        first_moment = ordered[0].occurred_at if ordered else None
        summary.entered_at = first_moment
        summary.interval_start = interval_floor(first_moment) if first_moment else None
        return summary
    first, last = segments[0], segments[-1]
    summary.segments = segments
    summary.queue = first.queue or next((s.queue for s in segments if s.queue), "")
    summary.final_queue = last.queue or summary.queue
    summary.entered_at = first.wait_start
    summary.interval_start = interval_floor(first.wait_start)
    answered = [s for s in segments if s.answered_at is not None]
    summary.answered = bool(answered)
    if answered:
        summary.answered_at = answered[0].answered_at
        summary.first_agent_ref, summary.first_employee_id = answered[0].agent_ref, answered[0].employee_id
        summary.final_agent_ref, summary.final_employee_id = answered[-1].agent_ref, answered[-1].employee_id
    if first.wait_end is not None:
        summary.wait_seconds = _seconds(first.wait_start, first.wait_end)
    summary.total_wait_seconds = sum(_seconds(s.wait_start, s.wait_end) for s in segments if s.wait_end)
    summary.talk_seconds = sum(
        _seconds(s.answered_at, s.ended_at) for s in segments if s.answered_at and s.ended_at
    )
    if last.answered_at is not None:
        summary.right_person_seconds = _seconds(first.wait_start, last.answered_at)
    if last.ended_at is not None and (completed or last.abandoned):
        summary.ended_at = last.ended_at
        if last.abandoned:
            summary.status = CallStatus.ABANDONED
            summary.abandoned = not summary.answered
            summary.abandoned_after_transfer = summary.answered
        else:
            summary.status = CallStatus.COMPLETED
    elif last.answered_at is not None:
        summary.status = CallStatus.TALKING
    else:
        summary.status = CallStatus.WAITING
        summary.waiting_since = last.wait_start
    return summary
