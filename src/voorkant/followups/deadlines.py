"""Deadlines of follow-ups: the product's service norm counted on the platform's working-day calendar.

A norm in hours counts opening hours; a norm in working days ends at closing time of the last working day
(``workdays.calendar.deadline``). "Three times the norm" is the same count with three times the amount: the
moment a task is seriously late (the Signalen "3× late" flag).

While a task waits for the customer its clock stops: leaving that state moves both moments on by the
opening time that passed while it waited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from voorkant.catalogue.models import NormUnit
from voorkant.workdays.calendar import get_calendar

LATE_FACTOR = 3


@dataclass(frozen=True)
class Norm:
    amount: int
    unit: str

    def label(self) -> str:
        unit = "uur" if self.unit == NormUnit.HOURS else ("werkdag" if self.amount == 1 else "werkdagen")
        return f"{self.amount} {unit}"


def norm_for(product) -> Norm:
    """The product's follow-up norm, or the municipality's default when the product has none."""
    if product is not None and product.norm_amount:
        return Norm(product.norm_amount, product.norm_unit)
    return Norm(settings.FOLLOWUP_DEFAULT_NORM_WORKING_DAYS, NormUnit.WORKING_DAYS)


def _moment(start: datetime, amount: int, unit: str) -> datetime:
    calendar = get_calendar()
    if unit == NormUnit.HOURS:
        return calendar.deadline(start, hours=amount)
    return calendar.deadline(start, working_days=amount)


def deadlines_for(*, start: datetime, norm: Norm) -> tuple[datetime, datetime]:
    """(deadline, very late) for a task that starts at ``start`` under ``norm``."""
    return _moment(start, norm.amount, norm.unit), _moment(start, norm.amount * LATE_FACTOR, norm.unit)


def shift_for_pause(*, moment: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
    """``moment`` moved on by the opening time between ``paused_at`` and ``resumed_at``."""
    calendar = get_calendar()
    waited = calendar.working_time_between(paused_at, resumed_at)
    if not waited:
        return moment
    return calendar.add_working_time(moment, waited)
