"""How figures are shown: Dutch number format, and small-cell suppression on screen, in charts and exports.

A count from 1 to 4 is shown as "<5", and so is a percentage or average computed over fewer than 5 items, so
no aggregate can point at a single customer or employee. An employee's own figures are not suppressed (they
are about nobody else), but a percentage over fewer than 5 items still gets no colour: too few to judge.
"""

from __future__ import annotations

SUPPRESSION_THRESHOLD = 5
SUPPRESSED = "<5"
NO_DATA = "geen gegevens"


def is_suppressed_count(count: int | None) -> bool:
    return count is not None and 0 < count < SUPPRESSION_THRESHOLD


def format_count(count: int | None, *, suppress: bool = True) -> str:
    if count is None:
        return NO_DATA
    if suppress and is_suppressed_count(count):
        return SUPPRESSED
    return f"{count:,}".replace(",", ".")


def chart_count(count: int) -> int | None:
    """A count as a chart may draw it: suppressed cells are left out (null), never drawn as a small bar."""
    return None if is_suppressed_count(count) else count


def format_percentage(value: float | None) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


def format_seconds(seconds: float) -> str:
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def format_value(
    *,
    unit: str,
    value: float | None,
    denominator: int | None,
    available: bool = True,
    suppress: bool = True,
) -> str:
    if not available:
        return NO_DATA
    if unit == "aantal":
        return format_count(None if value is None else int(value), suppress=suppress)
    if denominator == 0:
        return "–"
    if suppress and denominator is not None and denominator < SUPPRESSION_THRESHOLD:
        return SUPPRESSED
    if value is None:
        return "–"
    if unit == "%":
        return format_percentage(value)
    if unit == "seconden":
        return format_seconds(value)
    if unit == "score":
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def is_shown(*, unit: str, value: float | None, denominator: int | None) -> bool:
    """True when the value may be shown (and coloured, and ranked) at all."""
    if value is None:
        return False
    if unit == "aantal":
        return not is_suppressed_count(int(value))
    return denominator is None or denominator >= SUPPRESSION_THRESHOLD
