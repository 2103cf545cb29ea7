"""The period and filters a dashboard request asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass(frozen=True)
class Period:
    kind: str  # "vandaag", "week", "maand", "aangepast"
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start.day} {MONTHS[self.start.month - 1]} {self.start.year}"
        return (
            f"{self.start.day} {MONTHS[self.start.month - 1]} {self.start.year} t/m "
            f"{self.end.day} {MONTHS[self.end.month - 1]} {self.end.year}"
        )


def period_for(kind: str, *, today: date, start: date | None = None, end: date | None = None) -> Period:
    if kind == "week":
        return Period(kind, today - timedelta(days=today.weekday()), today)
    if kind == "maand":
        return Period(kind, today.replace(day=1), today)
    if kind == "aangepast" and start and end:
        return Period(kind, start, end)
    return Period("vandaag", today, today)


@dataclass(frozen=True)
class Filters:
    channel_id: int | None = None
    domain_id: int | None = None
    product_id: int | None = None
    team_id: int | None = None

    @property
    def needs_detail(self) -> bool:
        return self.product_id is not None or self.team_id is not None

    def q(self) -> Q:
        condition = Q()
        for name in ("channel_id", "domain_id", "product_id", "team_id"):
            value = getattr(self, name)
            if value is not None:
                condition &= Q(**{name: value})
        return condition
