"""Small builders for telephony events, so tests read as a call's story."""

from __future__ import annotations

import datetime as dt
import itertools

BASE = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # a Monday, 10:00 in Amsterdam
_counter = itertools.count(1)


def at(seconds: float) -> str:
    return (BASE + dt.timedelta(seconds=seconds)).isoformat()


def event(kind: str, seconds: float, *, call: str = "c1", event_id: str | None = None, **fields) -> dict:
    payload = {"id": event_id or f"e{next(_counter)}", "type": kind, "timestamp": at(seconds)}
    if kind in {"logged_in", "logged_out", "paused", "unpaused", "wrap_up"}:
        payload["call_id"] = ""
    else:
        payload["call_id"] = call
    payload.update(fields)
    return payload


def simple_call(
    call: str, *, start: float, wait: float, talk: float, agent="kcc", queue="algemeen", caller=None
):
    events = [event("queued", start, call=call, queue=queue, caller=caller or "")]
    events.append(event("answered", start + wait, call=call, agent=agent, queue=queue))
    events.append(event("completed", start + wait + talk, call=call))
    return events


def abandoned_call(call: str, *, start: float, wait: float, queue="algemeen", caller=None):
    return [
        event("queued", start, call=call, queue=queue, caller=caller or ""),
        event("abandoned", start + wait, call=call),
    ]
