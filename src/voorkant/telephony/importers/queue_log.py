"""Import Asterisk-style queue_log files through the same ingest service as the API.

A line is `timestamp|callid|queue|agent|event|data1|data2|...`; the timestamp is Unix seconds or
`YYYY-MM-DD HH:MM:SS[.ffffff]` in the municipality's time zone. Each line becomes at most one event whose id is
a hash of the line, so re-reading a line never counts twice. The import is resumable: the byte offset after the
last processed whole line is stored with each chunk in the same transaction, and the next run starts there.
Malformed lines are skipped and reported with their numbers; events Voorkant has no use for (QUEUESTART, DID,
CONFIGRELOAD, ...) are counted as ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from voorkant.privacy.models import Channel
from voorkant.telephony.events import ParsedEvent, normalise_number, parse_event
from voorkant.telephony.models import EventType, QueueLogImport, Source
from voorkant.telephony.services import telephony_parsed_events_ingest

# queue_log event -> Voorkant event type. The caller is gone after ABANDON, EXITWITHTIMEOUT, EXITWITHKEY and
# EXITEMPTY alike: for the customer each is a call nobody answered, so each counts as abandoned.
CALL_EVENTS = {
    "ENTERQUEUE": EventType.QUEUED,
    "RINGNOANSWER": EventType.RINGING,
    "RINGCANCELED": EventType.RINGING,
    "CONNECT": EventType.ANSWERED,
    "COMPLETECALLER": EventType.COMPLETED,
    "COMPLETEAGENT": EventType.COMPLETED,
    "ABANDON": EventType.ABANDONED,
    "EXITWITHTIMEOUT": EventType.ABANDONED,
    "EXITWITHKEY": EventType.ABANDONED,
    "EXITEMPTY": EventType.ABANDONED,
    "TRANSFER": EventType.TRANSFERRED,
    "BLINDTRANSFER": EventType.TRANSFERRED,
    "ATTENDEDTRANSFER": EventType.TRANSFERRED,
}
AGENT_EVENTS = {
    "ADDMEMBER": EventType.LOGGED_IN,
    "AGENTLOGIN": EventType.LOGGED_IN,
    "AGENTCALLBACKLOGIN": EventType.LOGGED_IN,
    "REMOVEMEMBER": EventType.LOGGED_OUT,
    "AGENTLOGOFF": EventType.LOGGED_OUT,
    "AGENTCALLBACKLOGOFF": EventType.LOGGED_OUT,
    "PAUSE": EventType.PAUSED,
    "PAUSEALL": EventType.PAUSED,
    "UNPAUSE": EventType.UNPAUSED,
    "UNPAUSEALL": EventType.UNPAUSED,
}
IGNORED = {"QUEUESTART", "CONFIGRELOAD", "DID", "SYSCOMPAT", "INFO", "ENTERQUEUE_NOAGENT"}
CHUNK = 2000


@dataclass
class QueueLogReport:
    lines: int = 0
    events: int = 0
    created: int = 0
    duplicates: int = 0
    ignored: Counter = field(default_factory=Counter)
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    numbers_unrecognised: int = 0
    resumed_at_line: int = 0


def _timestamp(value: str) -> dt.datetime | None:
    value = value.strip()
    try:
        return dt.datetime.fromtimestamp(float(value), tz=dt.UTC)
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            return timezone.make_aware(dt.datetime.strptime(value, fmt))
        except ValueError:
            continue
    return None


def _agent(value: str) -> str:
    return "" if value.strip().upper() in {"", "NONE"} else value.strip()


def parse_line(line: str, number: int, report: QueueLogReport) -> ParsedEvent | None:
    """One queue_log line to an event; None (and a note in the report) when it is unused or malformed."""
    parts = line.rstrip("\r\n").split("|")
    if len(parts) < 5:
        report.malformed.append((number, "minder dan vijf velden"))
        return None
    stamp, call_id, queue, agent, name, *data = parts
    name = name.strip().upper()
    moment = _timestamp(stamp)
    if moment is None:
        report.malformed.append((number, "ongeldig tijdstip"))
        return None
    kind = CALL_EVENTS.get(name) or AGENT_EVENTS.get(name)
    if kind is None:
        report.ignored[name if name in IGNORED else "onbekend"] += 1
        return None
    queue = "" if queue.strip().upper() == "NONE" else queue.strip()
    raw = {
        "id": "ql:" + hashlib.sha1(line.rstrip("\r\n").encode(), usedforsecurity=False).hexdigest(),
        "type": kind,
        "timestamp": moment.isoformat(),
        "call_id": "" if name in AGENT_EVENTS else call_id.strip(),
        "queue": queue,
        "agent": _agent(agent),
    }
    if name == "ENTERQUEUE" and len(data) >= 2:
        number_text = normalise_number(data[1])
        if number_text is None:
            report.numbers_unrecognised += 1
        raw["caller"] = number_text or ""
    if kind == EventType.TRANSFERRED:
        # TRANSFER/BLINDTRANSFER: data1 is the extension; ATTENDEDTRANSFER: data1 the method, data2 the target.
        target = data[1] if name == "ATTENDEDTRANSFER" and len(data) > 1 else (data[0] if data else "")
        raw["target"] = target.strip()
    if kind == EventType.RINGING and not raw["agent"]:
        report.malformed.append((number, f"{name} zonder medewerker"))
        return None
    event, problems = parse_event(raw, number)
    if problems:
        report.malformed.append((number, "; ".join(f"{p.field}: {p.reason}" for p in problems)))
        return None
    return event


def queue_log_import(*, path: str, from_start: bool = False, user=None) -> QueueLogReport:
    """Read new lines of a queue_log file from where the previous run stopped (or from the start)."""
    state, _ = QueueLogImport.objects.get_or_create(path=os.path.abspath(path))
    if from_start or state.offset > os.path.getsize(path):  # a rotated (shorter) file starts over
        state.offset, state.line_number = 0, 0
    report = QueueLogReport(resumed_at_line=state.line_number)
    with open(path, "rb") as handle:
        handle.seek(state.offset)
        pending: list[ParsedEvent] = []
        offset, line_number = state.offset, state.line_number
        for raw_line in handle:
            if not raw_line.endswith(b"\n"):
                break  # a line still being written: the next run reads it whole
            offset += len(raw_line)
            line_number += 1
            report.lines += 1
            line = raw_line.decode("utf-8", errors="replace")
            if not line.strip():
                continue
            event = parse_line(line, line_number, report)
            if event is not None:
                pending.append(event)
            if len(pending) >= CHUNK:
                _flush(state, pending, offset, line_number, report, user)
                pending = []
        _flush(state, pending, offset, line_number, report, user)
    return report


def _flush(state, pending, offset, line_number, report, user) -> None:
    with transaction.atomic():
        if pending:
            result = telephony_parsed_events_ingest(
                events=pending, channel=Channel.COMMAND, user=user, source=Source.QUEUE_LOG
            )
            report.events += result.received
            report.created += result.created
            report.duplicates += result.duplicates
        state.offset, state.line_number = offset, line_number
        state.save(update_fields=["offset", "line_number", "updated_at"])
