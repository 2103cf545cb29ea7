"""When demo conversations happen: a year of municipal working days shaped by real call-centre arrivals.

The profile (calls per weekday and quarter hour, call durations) is derived once from the "Anonymous Bank"
data and committed as data/call_profile.json; see derive.py for the remapping onto Monday-Friday
08:30-17:00.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

PROFILE_PATH = Path(__file__).resolve().parent / "data" / "call_profile.json"
DEFAULT_UNTIL = date(2025, 12, 31)  # a fixed anchor, so a seed gives the same rows on any day
OPENING = time(8, 30)


@cache
def call_profile() -> dict:
    return json.loads(PROFILE_PATH.read_text(encoding="utf-8"))


def working_days(*, until: date) -> list[date]:
    """Monday-Friday in the year up to and including `until`, without Dutch public holidays."""
    start = until - timedelta(days=364)
    public = holidays.country_holidays("NL", years=range(start.year, until.year + 1))
    days = (start + timedelta(days=n) for n in range(365))
    return [day for day in days if day.weekday() < 5 and day not in public]


class ArrivalSampler:
    """Draws start moments (epoch seconds) over the year with the profile's weekday and quarter-hour shape."""

    def __init__(self, *, until: date, time_zone: str) -> None:
        profile = call_profile()
        slots = profile["calls_per_weekday_slot"]
        self.slot_seconds = profile["slot_minutes"] * 60
        zone = ZoneInfo(time_zone)
        bases: list[int] = []
        weights: list[float] = []
        for day in working_days(until=until):
            # Opening hours never cross a daylight-saving change, so one offset holds for the whole day.
            opening = int(datetime.combine(day, OPENING, tzinfo=zone).timestamp())
            for index, count in enumerate(slots[day.weekday()]):
                bases.append(opening + index * self.slot_seconds)
                weights.append(count)
        self.bases = bases
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]
        quantiles = profile["service_seconds_quantiles_p0_to_p100_step5"]
        # The top 5 % is a long tail (up to hours); cap it at twice the 95th percentile.
        self.duration_edges = quantiles[:20] + [min(quantiles[20], 2 * quantiles[19])]

    def start(self, rng: random.Random) -> int:
        cell = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.bases[min(cell, len(self.bases) - 1)] + int(rng.random() * self.slot_seconds)

    def duration(self, rng: random.Random) -> int:
        """Seconds one question takes: drawn from the bank's served-call durations (piecewise uniform)."""
        band = int(rng.random() * 20)
        low, high = self.duration_edges[band], self.duration_edges[band + 1]
        return max(20, int(low + rng.random() * (high - low)))
