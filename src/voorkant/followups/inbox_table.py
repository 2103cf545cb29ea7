"""The inbox's table rows as HTML, built in Python.

A page holds 50 rows of about a dozen values each; rendered through the template engine that was ~650
variable lookups, escapes and tag nodes per page, the largest share of the inbox's CPU. The markup is the
same as the template's was; every value from the database goes through ``escape``.
"""

from __future__ import annotations

from html import escape

from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from voorkant.followups.models import FollowupKind, FollowupState, Priority
from voorkant.followups.selectors import timing

KINDS = dict(FollowupKind.choices)
STATES = dict(FollowupState.choices)
TIMING_BADGES = {
    "te_laat_3x": ' <span class="vk-badge vk-badge--danger">3× te laat</span>',
    "te_laat": ' <span class="vk-badge vk-badge--danger">Te laat</span>',
    "bijna": ' <span class="vk-badge vk-badge--warning">Bijna</span>',
    "": "",
}
PROMISE_LENGTH = 120


def _short(text: str) -> str:
    # Truncator never shortens a text within the limit; skipping it then saves its per-character walk.
    return text if len(text) <= PROMISE_LENGTH else Truncator(text).chars(PROMISE_LENGTH)


def _when(when, *, resolved: bool) -> str:
    """dateformat's "D d-m H:i" (or "d-m H:i" when resolved), without its per-call formatter object: the
    day's abbreviation in the active language, from the same translations."""
    if resolved:
        return f"{when:%d-%m %H:%M}"
    return f"{escape(str(WEEKDAYS_ABBR[when.weekday()]))} {when:%d-%m %H:%M}"


def row_html(row: dict, *, now, resolved: bool, task_base: str) -> str:
    """One <tr> of the inbox from a row of ``selectors.inbox_rows``."""
    when = timezone.localtime(row["resolved_at"] if resolved else row["deadline_at"])
    uuid = str(row["uuid"])
    number = escape(row["number"])
    title = f"{KINDS.get(row['kind'], row['kind'])} {row['number']}: {row['question__subject']}"
    meta = " · ".join(
        [
            row["question__product__name"] if row["question__product_id"] else "Geen product",
            row["question__channel__name"],
            _short(row["customer_told"] or row["requested_action"]),
        ]
    )
    badges = ""
    if not resolved:
        badges = TIMING_BADGES[
            timing(
                resolved_at=row["resolved_at"],
                paused_at=row["paused_at"],
                deadline_at=row["deadline_at"],
                very_late_at=row["very_late_at"],
                now=now,
            )
        ]
        if row["paused_at"] is not None:
            badges += ' <span class="vk-muted">(staat stil)</span>'
    if row["contact_phone"]:
        phone = escape(row["contact_phone"])
        callback = f'<a class="utrecht-link" href="tel:{phone}">{phone}</a>'
        if row["contact_name"]:
            callback += f'<br><span class="vk-muted">{escape(row["contact_name"])}</span>'
    else:
        callback = "—"
    where = row["team__name"] if row["team_id"] else (row["domain__name"] if row["domain_id"] else "")
    assignee = f"{escape(row['assignee__name'])}<br>" if row["assignee_id"] and row["assignee__name"] else ""
    high = ' <span class="vk-badge vk-badge--warning">Hoog</span>' if row["priority"] == Priority.HIGH else ""
    return (
        '<tr class="utrecht-table__row">'
        '<td class="utrecht-table__cell"><input type="checkbox" class="utrecht-checkbox '
        f'utrecht-checkbox--html-input" name="taak" value="{uuid}" id="taak-{number}" '
        f'aria-label="Kies vervolgactie {number}"></td>'
        f'<td class="utrecht-table__cell">'
        f"{_when(when, resolved=resolved)}{badges}</td>"
        f'<td class="utrecht-table__cell"><a class="utrecht-link" href="{escape(task_base)}{uuid}/">'
        f'{escape(title)}</a>{high}<br><span class="vk-muted">{escape(meta)}</span></td>'
        f'<td class="utrecht-table__cell">{callback}</td>'
        f'<td class="utrecht-table__cell">{escape(str(STATES.get(row["state"], row["state"])))}</td>'
        f'<td class="utrecht-table__cell">{assignee}<span class="vk-muted">{escape(where)}</span></td>'
        "</tr>"
    )


def rows_html(rows: list[dict], *, now, resolved: bool, task_base: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every value from the database is escaped in row_html
        "\n".join(row_html(row, now=now, resolved=resolved, task_base=task_base) for row in rows)
    )
