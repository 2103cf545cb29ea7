"""Working days and working time: the one module every deadline in Voorkant uses.

Working day (termijnenwet): not a Saturday or Sunday, not a holiday from rules.py, not a decree day, and not a
closure day of the municipality. Working time: the opening hours on working days.

A start after closing time (or on a day that is not a working day) counts from the next working day's
opening: a request at 20:00 on Monday is handled as received on Tuesday.
"""

from __future__ import annotations

import threading
import time as time_module
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from voorkant.workdays import rules


@dataclass
class WorkingCalendar:
    opening: dict[int, list[tuple[time, time]]]
    closures: dict[date, str] = field(default_factory=dict)
    decree_days: dict[date, str] = field(default_factory=dict)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(settings.TIME_ZONE))
    _holidays: dict[int, dict[date, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls) -> WorkingCalendar:
        """Read opening hours, closure days and decree days from the database (three queries)."""
        from voorkant.workdays.models import ClosureDay, DecreeDay, OpeningHours

        opening: dict[int, list[tuple[time, time]]] = {}
        for weekday, opens, closes in OpeningHours.objects.values_list("weekday", "opens", "closes"):
            opening.setdefault(weekday, []).append((opens, closes))
        for periods in opening.values():
            periods.sort()
        return cls(
            opening=opening,
            closures=dict(ClosureDay.objects.values_list("date", "reason")),
            decree_days=dict(DecreeDay.objects.values_list("date", "reason")),
        )

    # --- days -----------------------------------------------------------------------------------------

    def statutory_holidays(self, year: int) -> dict[date, str]:
        """The termijnenwet holidays of a year with their Dutch names."""
        if year not in self._holidays:
            found = {}
            for day, name in holidays.NL(years=year, language="en_US").items():
                for part in name.split("; "):
                    if part in rules.HOLIDAY_NAMES:
                        found[day] = rules.HOLIDAY_NAMES[part]
            for (month, day_of_month), name in rules.FIXED_DAYS.items():
                found.setdefault(date(year, month, day_of_month), name)
            self._holidays[year] = found
        return self._holidays[year]

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (in Dutch), or None when it is one."""
        holiday = self.statutory_holidays(day.year).get(day)
        if holiday:
            return holiday
        if day in self.decree_days:
            return self.decree_days[day]
        if day.weekday() in rules.WEEKEND_DAYS:
            return "weekend"
        if day in self.closures:
            return self.closures[day]
        return None

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def next_working_day(self, day: date, *, include_self: bool = False) -> date:
        current = day if include_self else day + timedelta(days=1)
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def add_working_days(self, start: date | datetime, days: int) -> date:
        """The ``days``-th working day after ``start`` (start itself not counted); 0 gives ``start`` when it
        is a working day, else the next one. A datetime after closing time counts from the next working
        day."""
        if days < 0:
            raise ValueError("days must be zero or more")
        current = self._effective_start_date(start) if isinstance(start, datetime) else start
        if days == 0:
            return self.next_working_day(current, include_self=True)
        for _ in range(days):
            current = self.next_working_day(current)
        return current

    # --- time -----------------------------------------------------------------------------------------

    def opening_periods(self, day: date) -> list[tuple[datetime, datetime]]:
        """Aware start and end of each opening period on ``day``; none on a day that is not a working day."""
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, opens, tzinfo=self.tz), datetime.combine(day, closes, tzinfo=self.tz))
            for opens, closes in self.opening.get(day.weekday(), [])
        ]

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Opening time on working days between two moments (zero when end is not after start)."""
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        total = timedelta(0)
        day = start.date()
        while day <= end.date():
            for opens, closes in self.opening_periods(day):
                overlap = min(closes, end) - max(opens, start)
                if overlap > timedelta(0):
                    total += overlap
            day += timedelta(days=1)
        return total

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment at which ``amount`` of opening time has passed since ``start``."""
        if not self.opening:
            raise ValueError("no opening hours configured")
        remaining = amount
        current = start.astimezone(self.tz)
        day = current.date()
        while True:
            for opens, closes in self.opening_periods(day):
                begin = max(opens, current)
                if begin >= closes:
                    continue
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += timedelta(days=1)

    def deadline(
        self, start: datetime, *, hours: float | None = None, working_days: int | None = None
    ) -> datetime:
        """Deadline for a service norm given in opening hours or in working days.

        Hours count opening time only. Working days end at closing time of the last working day.
        """
        if (hours is None) == (working_days is None):
            raise ValueError("give either hours or working_days")
        if hours is not None:
            return self.add_working_time(start, timedelta(hours=hours))
        day = self.add_working_days(start, working_days)
        periods = self.opening_periods(day)
        if periods:
            return periods[-1][1]
        return datetime.combine(day, time(23, 59, 59), tzinfo=self.tz)

    def _effective_start_date(self, moment: datetime) -> date:
        local = moment.astimezone(self.tz)
        day = local.date()
        periods = self.opening_periods(day)
        if not self.is_working_day(day) or (periods and local >= periods[-1][1]):
            return self.next_working_day(day)
        return day


# --- a per-process cache so list pages and rollups do not reload the calendar per row ---------------

_lock = threading.Lock()
_cached: tuple[float, WorkingCalendar] | None = None


def get_calendar() -> WorkingCalendar:
    """The current calendar, reloaded after WORKDAYS_CACHE_SECONDS or when this process saved a change."""
    global _cached
    with _lock:
        now = time_module.monotonic()
        if _cached is None or now - _cached[0] > settings.WORKDAYS_CACHE_SECONDS:
            _cached = (now, WorkingCalendar.load())
        return _cached[1]


def clear_calendar_cache(**_kwargs) -> None:
    global _cached
    with _lock:
        _cached = None


def add_working_days(start: date | datetime, days: int) -> date:
    return get_calendar().add_working_days(start, days)


def working_time_between(start: datetime, end: datetime) -> timedelta:
    return get_calendar().working_time_between(start, end)


def deadline(start: datetime, *, hours: float | None = None, working_days: int | None = None) -> datetime:
    return get_calendar().deadline(start, hours=hours, working_days=working_days)


def is_working_day(day: date) -> bool:
    return get_calendar().is_working_day(day)
