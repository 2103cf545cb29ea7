"""Validating incoming events: pure functions, no database. The API, the importers and tests share them."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.conf import settings
from django.utils.dateparse import parse_datetime

from voorkant.telephony.models import AGENT_EVENT_TYPES, EventType

FIELDS = ("id", "call_id", "type", "timestamp", "queue", "agent", "caller", "target")
FIELD_SET = frozenset(FIELDS)
# Values a telephone exchange sends when the caller withheld the number.
WITHHELD = {"", "anonymous", "anoniem", "unknown", "private", "restricted", "withheld"}
EVENT_TYPES = frozenset(str(t) for t in EventType)  # plain strings: enum lookups per event add up at 5,000/s
AGENT_TYPES = frozenset(str(t) for t in AGENT_EVENT_TYPES)
MAX_LENGTHS = {"id": 100, "call_id": 100, "queue": 100, "agent": 150, "target": 150}


@dataclass(frozen=True)
class ParsedEvent:
    """An event that passed validation; `caller` is E.164 or ''."""

    event_id: str
    event_type: str
    call_id: str
    occurred_at: dt.datetime
    queue: str = ""
    agent: str = ""
    caller: str = ""
    target: str = ""

    @property
    def is_agent_event(self) -> bool:
        return self.event_type in AGENT_TYPES


@dataclass(frozen=True)
class EventProblem:
    """Why one event was refused: its position in the batch, its id if any, the field and the reason."""

    index: int
    event_id: str
    field: str
    code: str
    reason: str


def normalise_number(value: str, *, region: str | None = None) -> str | None:
    """E.164 for a dialable number, '' for a withheld one, None when it is not a phone number."""
    return _normalise(value or "", region or settings.DEFAULT_PHONE_REGION)


# An exchange names the same callers over and over (every event of a call, repeat callers): parsing a number
# is the costliest step of validating an event, and its result depends only on the text and the region. The
# numbers stay in this process's memory (as they do while a batch is handled), bounded, never written out.
@functools.lru_cache(maxsize=4096)
def _normalise(value: str, region: str) -> str | None:
    cleaned = value.strip()
    if cleaned.lower() in WITHHELD:
        return ""
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_event(raw: Any, index: int) -> tuple[ParsedEvent | None, list[EventProblem]]:
    """Check one event; return it parsed, or the reasons it was refused (all of them, not just the first).

    Each field is read once: at 5,000 events a second every repeated lookup per event shows.
    """
    if not isinstance(raw, dict):
        return None, [EventProblem(index, "", "", "not_an_object", "Een bericht moet een JSON-object zijn.")]
    texts: dict[str, str] = {}
    wrong_types: list[str] = []
    for name in FIELDS:
        value = raw.get(name)
        if value is None:
            texts[name] = ""
        elif isinstance(value, str):
            texts[name] = value.strip()
        else:
            texts[name] = str(value)
            if not isinstance(value, int):
                wrong_types.append(name)
    event_id = texts["id"]
    problems: list[EventProblem] = []

    def refuse(field: str, code: str, reason: str) -> None:
        problems.append(EventProblem(index, event_id, field, code, reason))

    if len(raw) > len(FIELDS) or not FIELD_SET.issuperset(raw):
        for name in raw:
            if name not in FIELD_SET:
                refuse(name, "unknown_field", f"Onbekend veld '{name}'.")
    for name in wrong_types:
        refuse(name, "invalid_type", "Moet tekst zijn.")
    for name, limit in MAX_LENGTHS.items():
        if len(texts[name]) > limit:
            refuse(name, "max_length", f"Langer dan {limit} tekens.")
    if not event_id:
        refuse("id", "required", "Een bericht heeft een id nodig (de sleutel tegen dubbel tellen).")
    event_type = texts["type"]
    if event_type not in EVENT_TYPES:
        refuse("type", "invalid_choice", f"Onbekend type '{event_type[:30]}'.")
    occurred_at = None
    stamp = texts["timestamp"]
    try:
        occurred_at = parse_datetime(stamp) if stamp else None
    except ValueError:
        occurred_at = None
    if occurred_at is None:
        refuse(
            "timestamp", "invalid", "Geen geldig tijdstip (ISO 8601, bijvoorbeeld 2026-03-02T09:15:00+01:00)."
        )
    elif occurred_at.tzinfo is None:
        refuse("timestamp", "no_timezone", "Tijdstip zonder tijdzone.")
        occurred_at = None
    call_id, queue, agent, target = texts["call_id"], texts["queue"], texts["agent"], texts["target"]
    caller = ""
    if event_type in EVENT_TYPES:
        if event_type in AGENT_TYPES:
            if not agent:
                refuse("agent", "required", "Een medewerkerbericht noemt de medewerker.")
        else:
            if not call_id:
                refuse("call_id", "required", "Een gespreksbericht noemt het gesprek (call_id).")
            if event_type == EventType.QUEUED and not queue:
                refuse("queue", "required", "Bij 'queued' hoort een wachtrij.")
            if event_type in (EventType.ANSWERED, EventType.RINGING) and not agent:
                refuse("agent", "required", f"Bij '{event_type}' hoort een medewerker.")
            if event_type == EventType.TRANSFERRED and not target:
                refuse("target", "required", "Bij 'transferred' hoort een doel (wachtrij of medewerker).")
        number = normalise_number(texts["caller"]) if texts["caller"] else ""
        if number is None:
            # The value itself is personal data: the reason never repeats it.
            refuse("caller", "invalid_phone", "Geen geldig telefoonnummer.")
        else:
            caller = number
    if problems:
        return None, problems
    return (
        ParsedEvent(
            event_id=event_id,
            event_type=event_type,
            call_id=call_id if event_type not in AGENT_TYPES else "",
            occurred_at=occurred_at,
            queue=queue,
            agent=agent,
            caller=caller,
            target=target,
        ),
        [],
    )


def parse_batch(raw_events: Any, *, max_size: int) -> tuple[list[ParsedEvent], list[EventProblem]]:
    """Check a whole batch; the caller refuses the batch when any problem comes back."""
    if not isinstance(raw_events, list):
        return [], [EventProblem(-1, "", "", "not_a_list", "Verwacht een JSON-lijst met berichten.")]
    if len(raw_events) > max_size:
        return [], [EventProblem(-1, "", "", "too_many", f"Hoogstens {max_size} berichten per keer.")]
    parsed: list[ParsedEvent] = []
    problems: list[EventProblem] = []
    for index, raw in enumerate(raw_events):
        event, event_problems = parse_event(raw, index)
        if event is not None:
            parsed.append(event)
        problems.extend(event_problems)
    return parsed, problems
