"""Dutch number formats for telephony figures: 85 %, 1:05 min, 12,3."""

from __future__ import annotations

import math

from django import template

register = template.Library()


def _missing(value) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return True  # None, or "" when the template looked up an attribute of something absent
    return isinstance(value, float) and (math.isinf(value) or math.isnan(value))


@register.filter
def percent(value, digits: int = 0) -> str:
    if _missing(value):
        return "—"
    return f"{value * 100:.{int(digits)}f}".replace(".", ",") + " %"


@register.filter
def duration(value) -> str:
    """Seconds as m:ss (or h:mm:ss)."""
    if _missing(value):
        return "—"
    total = round(value)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@register.filter
def decimal(value, digits: int = 1) -> str:
    if _missing(value):
        return "—"
    return f"{value:.{int(digits)}f}".replace(".", ",")
