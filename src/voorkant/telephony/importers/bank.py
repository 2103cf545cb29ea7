"""Import the Technion SEELab "Anonymous Bank" call-centre data (Guedj & Mandelbaum, 1999) as call summaries.

Data: per-call records of a bank's call centre in Israel, January-October 1999 (August, November and December
are missing from the available copy). Source and terms: docs/telephony.md; please acknowledge "Technion SEELab,
Anonymous Bank call-centre data, documentation by I. Guedj and A. Mandelbaum (2000)" wherever it is shown.

The bank worked Sunday-Thursday 07:00-24:00 (Friday until 14:00, Saturday from about 20:00). To look like a
municipal week, Sunday-Thursday become Monday-Friday (each date moves one day on), the 07:00-24:00 day is
stretched linearly onto the configured opening hours (TELEPHONY_OPENING_HOURS), and Friday, Saturday and
night-time calls are left out. Durations (waits, service times) are kept as recorded, so the arrival rate per
interval rises by the compression factor (17 h into 9 h ≈ 1.9); the import report says how many calls it left out.

There are no raw events in this data, only one row per call, so the importer builds each call's events in
memory, derives the summary with the same summarise_call the API uses, and bulk-inserts the summaries. It skips
the per-event table, the processing log per caller (the data is anonymous: customer ids are hashed, never
stored) and repeat detection across imports (repeats are computed within the imported set).
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from voorkant.privacy.services import Subject, subject_hash
from voorkant.telephony.models import Call, EventType, Source
from voorkant.telephony.services import REPEAT_WINDOW
from voorkant.telephony.summary import CallEventRow, summarise_call

FIELD_COUNT = 17
BANK_OPEN, BANK_CLOSE = 7 * 3600, 24 * 3600
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
QUEUE_NAMES = {"PS": "bank-PS", "PE": "bank-PE", "IN": "bank-IN", "NE": "bank-NE", "NW": "bank-NW", "TT": "bank-TT"}
BATCH = 5000


@dataclass
class BankReport:
    files: list[str] = field(default_factory=list)
    months_missing: list[str] = field(default_factory=list)
    rows: int = 0
    imported: int = 0
    already_present: int = 0
    skipped: Counter = field(default_factory=Counter)
    malformed: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, reason)


def opening_hours() -> tuple[int, int]:
    start_text, end_text = settings.TELEPHONY_OPENING_HOURS.split("-")

    def seconds(text: str) -> int:
        hours, minutes = text.strip().split(":")
        return int(hours) * 3600 + int(minutes) * 60

    return seconds(start_text), seconds(end_text)


def _clock(text: str) -> int:
    hours, minutes, seconds = text.strip().split(":")
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds)


def bank_files(path: str) -> list[Path]:
    target = Path(path)
    if target.is_file():
        return [target]
    found = [p for p in target.iterdir() if p.name.endswith((".txt", ".txt.gz"))]
    order = {name: i for i, name in enumerate(MONTHS)}
    return sorted(found, key=lambda p: order.get(p.name.split(".")[0], 99))


def _lines(file: Path) -> Iterator[str]:
    opener = gzip.open if file.suffix == ".gz" else open
    with opener(file, "rt", encoding="latin-1", newline="") as handle:
        yield from handle


@functools.lru_cache(maxsize=1024)
def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%y%m%d").date()


def parse_row(line: str, *, open_s: int, close_s: int, tz, shift: dt.timedelta):
    """One data row to (call_id, events, customer) or a string saying why it is skipped or malformed."""
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) != FIELD_COUNT:
        return f"malformed:{len(parts)} velden in plaats van {FIELD_COUNT}"
    vru_line, call_number, customer, _prio, kind, date_text, _ve, vru_exit, _vt, q_start, _qx, q_time, outcome = (
        parts[:13]
    )
    ser_time, server = parts[15], parts[16]
    outcome, kind = outcome.strip(), kind.strip()
    try:
        day = _day(date_text.strip())
        wait = int(q_time)
        talk = int(ser_time)
        queued_at = _clock(q_start)
        entry = queued_at if queued_at else _clock(vru_exit)
    except ValueError:
        return "malformed:onleesbaar veld (datum, tijd of duur)"
    if outcome not in {"AGENT", "HANG", "PHANTOM"} or not kind.isalpha() or wait < 0 or talk < 0:
        return "malformed:onbekend type of uitkomst"
    if outcome == "PHANTOM":
        return "phantom"
    if outcome == "HANG" and not queued_at:
        return "opgehangen in het keuzemenu"
    if day.weekday() in (4, 5):  # Friday and Saturday: not part of the remapped week
        return "vrijdag of zaterdag"
    if not BANK_OPEN <= entry < BANK_CLOSE:
        return "buiten de openingstijden van de bank"
    remapped = open_s + (entry - BANK_OPEN) * (close_s - open_s) / (BANK_CLOSE - BANK_OPEN)
    local = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()) + dt.timedelta(seconds=remapped) + shift
    start = local.replace(tzinfo=tz)  # zoneinfo resolves the offset (opening hours never fall in a DST gap)
    queue = QUEUE_NAMES.get(kind, f"bank-{kind}")  # undocumented types (a few 'AA') keep their code
    call_id = f"bank:{date_text.strip()}:{vru_line.strip()}:{call_number.strip()}"
    events = [CallEventRow(start, EventType.QUEUED, "q", queue=queue)]
    if outcome == "AGENT":
        agent = "" if server.strip() == "NO_SERVER" else server.strip()
        answered = start + dt.timedelta(seconds=wait)
        events.append(CallEventRow(answered, EventType.ANSWERED, "a", agent_ref=agent))
        events.append(CallEventRow(answered + dt.timedelta(seconds=talk), EventType.COMPLETED, "c"))
    else:
        events.append(CallEventRow(start + dt.timedelta(seconds=wait), EventType.ABANDONED, "h"))
    customer = customer.strip()
    return call_id, events, "" if customer in {"", "0"} else customer


COLUMNS = [
    "call_id",
    "source",
    "queue",
    "final_queue",
    "caller_number",
    "caller_key",
    "entered_at",
    "interval_start",
    "status",
    "waiting_since",
    "answered_at",
    "ended_at",
    "answered",
    "abandoned",
    "abandoned_after_transfer",
    "wait_seconds",
    "total_wait_seconds",
    "talk_seconds",
    "right_person_seconds",
    "transfer_count",
    "first_agent_ref",
    "first_employee_id",
    "final_agent_ref",
    "final_employee_id",
    "is_repeat",
    "event_count",
]
DATETIMES = {"entered_at", "interval_start", "waiting_since", "answered_at", "ended_at"}


def bank_calls_import(*, path: str, shift_weeks: int = 0) -> BankReport:
    """Import every month file under `path` (a directory or one file); already imported calls are skipped."""
    open_s, close_s = opening_hours()
    tz = timezone.get_default_timezone()
    shift = dt.timedelta(weeks=shift_weeks)
    report = BankReport()
    files = bank_files(path)
    report.files = [f.name for f in files]
    present = {f.name.split(".")[0] for f in files}
    report.months_missing = [m for m in MONTHS if m not in present] if os.path.isdir(path) else []
    known = set(Call.objects.filter(source=Source.BANK).values_list("call_id", flat=True))
    rows: list[dict] = []
    hashes: dict[str, str] = {}
    for file in files:
        for number, line in enumerate(_lines(file), start=1):
            if number == 1 and line.startswith("vru"):
                continue
            if not line.strip():
                continue
            report.rows += 1
            parsed = parse_row(line, open_s=open_s, close_s=close_s, tz=tz, shift=shift)
            if isinstance(parsed, str):
                if parsed.startswith("malformed:"):
                    report.malformed.append((file.name, number, parsed.split(":", 1)[1]))
                else:
                    report.skipped[parsed] += 1
                continue
            call_id, events, customer = parsed
            if call_id in known:
                report.already_present += 1
                continue
            known.add(call_id)
            row = vars(summarise_call(events))
            row["call_id"], row["source"], row["caller_key"], row["is_repeat"] = call_id, Source.BANK, "", False
            if customer:
                if customer not in hashes:
                    hashes[customer] = subject_hash(Subject(kind="bank-klant", value=customer))
                row["caller_key"] = hashes[customer]
            rows.append(row)
    _mark_repeats(rows)
    _insert(rows)
    report.imported = len(rows)
    return report


def _mark_repeats(rows: list[dict]) -> None:
    previous: dict[str, dt.datetime] = {}
    for row in sorted((r for r in rows if r["caller_key"]), key=lambda r: r["entered_at"]):
        last = previous.get(row["caller_key"])
        row["is_repeat"] = last is not None and row["entered_at"] - last <= REPEAT_WINDOW
        previous[row["caller_key"]] = row["entered_at"]


def _insert(rows: list[dict]) -> None:
    """COPY on PostgreSQL, executemany elsewhere: 300,000 model instances would cost more than the parsing."""
    adapt = connection.ops.adapt_datetimefield_value
    table = Call._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)

    def values(row: dict) -> tuple:
        return tuple(adapt(row[c]) if c in DATETIMES else row[c] for c in COLUMNS)

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names are ours
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, [values(r) for r in rows[start : start + BATCH]])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")  # fresh statistics, or the first reports plan for an empty table
