"""Changes to telephony data: ingesting events (API and importers), bulk-loading summaries, retention.

Ingest is set-based: a batch of any size costs a fixed number of queries (look up known ids, resolve agents,
insert new events, reload the touched calls' events, upsert their summaries, recompute repeat flags, one
processing-log record), never a query per event.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from voorkant.organisation.models import Employee
from voorkant.privacy.models import Channel, ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write, subject_hash
from voorkant.telephony.events import EventProblem, ParsedEvent, parse_batch
from voorkant.telephony.models import Call, Source, TelephonyEvent
from voorkant.telephony.summary import CallEventRow, CallSummary, summarise_call

logger = logging.getLogger(__name__)

REPEAT_WINDOW = dt.timedelta(hours=24)
SUMMARY_FIELDS = [
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
    "event_count",
]
PURPOSE = "Telefonische bereikbaarheid meten en gesprekken aan klantcontacten koppelen"


class TelephonyBatchInvalid(Exception):
    """The batch was refused as a whole; `problems` names every malformed event and why."""

    def __init__(self, problems: list[EventProblem]):
        super().__init__(f"{len(problems)} problem(s) in telephony batch")
        self.problems = problems


@dataclass(frozen=True)
class IngestResult:
    received: int
    created: int
    duplicates: int
    calls_updated: int


def caller_key_for(number: str) -> str:
    """The keyed hash used to recognise a repeat caller without comparing numbers in the clear."""
    return subject_hash(Subject(kind="telefoon", value=number)) if number else ""


def resolve_agents(refs: Iterable[str]) -> dict[str, int]:
    """Map exchange agent names to employee ids: a Voorkant username or an Employee.telephony_agent_id."""
    wanted = {r for r in refs if r}
    if not wanted:
        return {}
    found: dict[str, int] = {}
    rows = Employee.objects.filter(
        Q(user__username__in=wanted) | Q(telephony_agent_id__in=wanted)
    ).values_list("id", "user__username", "telephony_agent_id")
    for employee_id, username, agent_id in rows:
        # An explicit telephony id wins over a username that happens to match.
        if username in wanted:
            found.setdefault(username, employee_id)
        if agent_id in wanted:
            found[agent_id] = employee_id
    return found


def telephony_events_ingest(
    *,
    raw_events: object,
    channel: Channel = Channel.API,
    user=None,
    source: Source = Source.API,
    max_batch: int | None = None,
) -> IngestResult:
    """Validate and store a batch of raw (JSON-shaped) events; all-or-nothing on validation.

    When any event is malformed nothing is stored and TelephonyBatchInvalid lists every problem. Events whose id
    was seen before are skipped (the sender may resend a whole batch safely).
    """
    events, problems = parse_batch(raw_events, max_size=max_batch or settings.TELEPHONY_MAX_BATCH)
    if problems:
        raise TelephonyBatchInvalid(problems)
    return telephony_parsed_events_ingest(events=events, channel=channel, user=user, source=source)


@transaction.atomic
def telephony_parsed_events_ingest(
    *, events: Sequence[ParsedEvent], channel: Channel, user=None, source: Source = Source.API
) -> IngestResult:
    """Store already-validated events and recompute every call they touch, in one transaction."""
    unique: dict[str, ParsedEvent] = {}
    for event in events:
        unique.setdefault(
            event.event_id, event
        )  # the first copy of an id in a batch wins, like across batches
    known = set(TelephonyEvent.objects.filter(event_id__in=list(unique)).values_list("event_id", flat=True))
    new = [e for e in unique.values() if e.event_id not in known]
    if not new:
        return IngestResult(len(events), 0, len(events), 0)
    agents = resolve_agents({e.agent for e in new} | {e.target for e in new if e.target})
    TelephonyEvent.objects.bulk_create(
        [
            TelephonyEvent(
                event_id=e.event_id,
                event_type=e.event_type,
                is_agent_event=e.is_agent_event,
                call_id=e.call_id,
                occurred_at=e.occurred_at,
                queue=e.queue,
                agent_ref=e.agent,
                employee_id=agents.get(e.agent),
                target=e.target,
                target_is_agent=e.target in agents,
                caller_number=e.caller,
                source=source,
            )
            for e in new
        ],
        ignore_conflicts=True,  # a concurrent sender with the same ids: the database keeps one copy
    )
    call_ids = {e.call_id for e in new if e.call_id}
    calls_updated = calls_recompute(call_ids=call_ids, source=source)
    numbers = {e.caller for e in new if e.caller}
    if numbers:
        processing_log_write(
            user=user,
            actor_label=None if user else "telefooncentrale",
            channel=channel,
            activity=ProcessingActivity.CUSTOMER_CONTACT,
            purpose=PURPOSE,
            action="telefonie.berichten_ontvangen",
            subjects=[Subject(kind="telefoon", value=n) for n in numbers],
            object_type="telefoniebatch",
        )
    logger.info("telephony batch: %d received, %d new, %d calls", len(events), len(new), calls_updated)
    return IngestResult(len(events), len(new), len(events) - len(new), calls_updated)


def calls_recompute(*, call_ids: set[str], source: Source = Source.API) -> int:
    """Rebuild the summary of these calls from all their stored events and refresh repeat flags around them."""
    if not call_ids:
        return 0
    grouped: dict[str, list[CallEventRow]] = defaultdict(list)
    rows = TelephonyEvent.objects.filter(call_id__in=list(call_ids)).values_list(
        "call_id",
        "occurred_at",
        "event_type",
        "event_id",
        "queue",
        "agent_ref",
        "employee_id",
        "target",
        "target_is_agent",
        "caller_number",
    )
    for call_id, *fields in rows:
        grouped[call_id].append(CallEventRow(*fields))
    calls = [call_from_summary(call_id, summarise_call(evs), source) for call_id, evs in grouped.items()]
    Call.objects.bulk_create(
        calls, update_conflicts=True, unique_fields=["call_id"], update_fields=SUMMARY_FIELDS
    )
    repeat_flags_refresh(calls=calls)
    return len(calls)


def call_from_summary(call_id: str, summary: CallSummary, source: Source) -> Call:
    return Call(
        call_id=call_id,
        source=source,
        caller_key=caller_key_for(summary.caller_number),
        **{
            name: getattr(summary, name)
            for name in SUMMARY_FIELDS
            if name not in ("caller_key", "first_employee_id", "final_employee_id")
        },
        first_employee_id=summary.first_employee_id,
        final_employee_id=summary.final_employee_id,
    )


def repeat_flags_refresh(*, calls: Sequence[Call]) -> None:
    """A call is a repeat when the same caller called within the 24 hours before it.

    A late event can make a *later* call a repeat, so every call of these callers from 24 h before the earliest
    to 24 h after the latest touched call is rechecked.
    """
    keyed = [c for c in calls if c.caller_key]
    if not keyed:
        return
    start = min(c.entered_at for c in keyed) - REPEAT_WINDOW
    end = max(c.entered_at for c in keyed) + REPEAT_WINDOW
    rows = (
        Call.objects.filter(caller_key__in={c.caller_key for c in keyed}, entered_at__range=(start, end))
        .order_by("caller_key", "entered_at", "id")
        .values_list("id", "caller_key", "entered_at", "is_repeat")
    )
    changed: list[Call] = []
    previous_key, previous_time = None, None
    for call_pk, key, entered_at, is_repeat in rows:
        repeat = key == previous_key and entered_at - previous_time <= REPEAT_WINDOW
        if repeat != is_repeat:
            changed.append(Call(id=call_pk, is_repeat=repeat))
        previous_key, previous_time = key, entered_at
    if changed:
        Call.objects.bulk_update(changed, ["is_repeat"])


@transaction.atomic
def telephony_retention_apply(*, now: dt.datetime | None = None, days: int | None = None) -> dict[str, int]:
    """Remove caller numbers older than the retention period; keep the anonymous figures.

    Events older than the period are deleted (the summaries already hold what the figures need); summaries keep
    their times and durations but lose the number and the caller hash.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days if days is not None else settings.TELEPHONY_RETENTION_DAYS)
    deleted, _ = TelephonyEvent.objects.filter(occurred_at__lt=cutoff).delete()
    blanked = (
        Call.objects.filter(entered_at__lt=cutoff)
        .exclude(caller_number="", caller_key="")
        .update(caller_number="", caller_key="")
    )
    processing_log_write(
        actor_label="bewaartermijn-telefonie",
        channel=Channel.JOB,
        activity=ProcessingActivity.RETENTION,
        purpose="Telefoonnummers van bellers na de bewaartermijn verwijderen",
        action="telefonie.bewaartermijn",
        object_type="gesprek",
    )
    logger.info("telephony retention: %d events deleted, %d calls anonymised", deleted, blanked)
    return {"events_deleted": deleted, "calls_anonymised": blanked}
