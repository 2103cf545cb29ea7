"""Deterministic telephony event streams for the benchmarks: calls with transfers, abandons, agent events."""

from __future__ import annotations

import datetime as dt
import random

START = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
AGENTS = [f"SIP/{200 + i}" for i in range(30)]
QUEUES = ["algemeen", "burgerzaken", "wmo", "belastingen"]


def event_stream(*, calls: int, seed: int = 1, shuffle_window: int = 300) -> list[dict]:
    """Events of `calls` calls (about 3.6 each), partly out of order as a busy exchange sends them."""
    rng = random.Random(seed)
    events: list[dict] = []
    moment = START
    serial = 0

    def add(kind: str, at: dt.datetime, **fields) -> None:
        nonlocal serial
        serial += 1
        events.append({"id": f"b{seed}-{serial}", "type": kind, "timestamp": at.isoformat(), **fields})

    for agent in AGENTS:
        add("logged_in", START, call_id="", agent=agent)
    for number in range(calls):
        moment += dt.timedelta(seconds=rng.expovariate(1 / 4))
        call = f"bench-{seed}-{number}"
        caller = f"+316{rng.randrange(10_000_000, 99_999_999)}"
        add("queued", moment, call_id=call, queue=rng.choice(QUEUES), caller=caller)
        wait = rng.expovariate(1 / 30)
        if rng.random() < 0.12:
            add("abandoned", moment + dt.timedelta(seconds=wait), call_id=call)
            continue
        answered = moment + dt.timedelta(seconds=wait)
        add("answered", answered, call_id=call, agent=rng.choice(AGENTS))
        end = answered + dt.timedelta(seconds=rng.expovariate(1 / 240))
        if rng.random() < 0.15:
            add("transferred", end, call_id=call, agent=rng.choice(AGENTS), target=rng.choice(QUEUES))
            answered = end + dt.timedelta(seconds=rng.expovariate(1 / 45))
            add("answered", answered, call_id=call, agent=rng.choice(AGENTS))
            end = answered + dt.timedelta(seconds=rng.expovariate(1 / 200))
        add("completed", end, call_id=call)
        if rng.random() < 0.05:
            agent = rng.choice(AGENTS)
            add("paused", end, call_id="", agent=agent)
            add("unpaused", end + dt.timedelta(minutes=5), call_id="", agent=agent)
    # A busy exchange sends events roughly in time order but not exactly: shuffle within small windows.
    for start in range(0, len(events), shuffle_window):
        window = events[start : start + shuffle_window]
        rng.shuffle(window)
        events[start : start + shuffle_window] = window
    return events
