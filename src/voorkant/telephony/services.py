"""Changes to telephony data: ingesting events (API and importers), bulk-loading summaries, retention.

Ingest is set-based: a batch of any size costs a fixed number of queries (look up known ids, resolve agents,
insert new events, reload the touched calls' events, upsert their summaries, recompute repeat flags, one
processing-log record), never a query per event.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from voorkant.notifications.models import Notification, NotificationKind
from voorkant.organisation.models import Employee
from voorkant.privacy.models import Channel, ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write, subject_hash
from voorkant.telephony.events import EventProblem, ParsedEvent, parse_batch
from voorkant.telephony.models import Call, EventType, Source, TelephonyEvent
from voorkant.telephony.screenpop import screen_pops_send
from voorkant.telephony.storage import (
    calls_upsert,
    events_of_calls,
    events_store_and_load,
    repeat_flags_update,
)
from voorkant.telephony.summary import CallEventRow, CallSummary, summarise_call

logger = logging.getLogger(__name__)

REPEAT_WINDOW = dt.timedelta(hours=24)
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


# Agent name -> (employee id or None, when looked up). Every batch names the same few dozen agents, so a short
# per-process memory saves a query per batch; a changed telephony_agent_id is picked up within
# AGENT_CACHE_SECONDS.
AGENT_CACHE_SECONDS = 60
_agent_cache: dict[str, tuple[int | None, float]] = {}


def agent_cache_clear() -> None:
    _agent_cache.clear()


def resolve_agents(refs: Iterable[str]) -> dict[str, int]:
    """Map exchange agent names to employee ids: a Voorkant username or an Employee.telephony_agent_id."""
    now = time.monotonic()
    result: dict[str, int] = {}
    missing: set[str] = set()
    for ref in refs:
        if not ref:
            continue
        cached = _agent_cache.get(ref)
        if cached is None or now - cached[1] > AGENT_CACHE_SECONDS:
            missing.add(ref)
        elif cached[0] is not None:
            result[ref] = cached[0]
    if missing:
        found = _agents_lookup(missing)
        for ref in missing:
            _agent_cache[ref] = (found.get(ref), now)
        result.update(found)
    return result


def _agents_lookup(wanted: set[str]) -> dict[str, int]:
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
    actor_label: str | None = None,
    source: Source = Source.API,
    max_batch: int | None = None,
) -> IngestResult:
    """Validate and store a batch of raw (JSON-shaped) events; all-or-nothing on validation.

    When any event is malformed nothing is stored and TelephonyBatchInvalid lists every problem. Events whose
    id was seen before are skipped (the sender may resend a whole batch safely).
    """
    events, problems = parse_batch(raw_events, max_size=max_batch or settings.TELEPHONY_MAX_BATCH)
    if problems:
        raise TelephonyBatchInvalid(problems)
    return telephony_parsed_events_ingest(
        events=events, channel=channel, user=user, source=source, actor_label=actor_label
    )


@transaction.atomic
def telephony_parsed_events_ingest(
    *,
    events: Sequence[ParsedEvent],
    channel: Channel,
    user=None,
    source: Source = Source.API,
    actor_label: str | None = None,
) -> IngestResult:
    """Store already-validated events and recompute every call they touch, in one transaction."""
    # The first copy of an id in a batch wins, as the first stored copy wins across batches.
    unique: dict[str, ParsedEvent] = {}
    for event in events:
        unique.setdefault(event.event_id, event)
    agents = resolve_agents(
        {e.agent for e in unique.values()} | {e.target for e in unique.values() if e.target}
    )
    if any(e.call_id for e in unique.values()):
        recompute_lock()
    created, grouped = events_store_and_load(
        [
            {
                "event_id": e.event_id,
                "event_type": e.event_type,
                "is_agent_event": e.is_agent_event,
                "call_id": e.call_id,
                "occurred_at": e.occurred_at,
                "queue": e.queue,
                "agent_ref": e.agent,
                "employee_id": agents.get(e.agent),
                "target": e.target,
                "target_is_agent": e.target in agents,
                "caller_number": e.caller,
                "source": source,
            }
            for e in unique.values()
        ]
    )
    new = [e for e in unique.values() if e.event_id in created]
    if not new:
        return IngestResult(len(events), 0, len(events), 0)
    calls_updated = calls_summarise_and_store(grouped=grouped, source=source)
    answered = [e for e in new if e.event_type == EventType.ANSWERED and e.agent in agents]
    if answered and source == Source.API:
        screen_pops_send(answered=answered, agents=agents)
    numbers = {e.caller for e in new if e.caller}
    if numbers:
        processing_log_write(
            user=user,
            actor_label=actor_label or (None if user else "telefooncentrale"),
            channel=channel,
            activity=ProcessingActivity.CUSTOMER_CONTACT,
            purpose=PURPOSE,
            action="telefonie.berichten_ontvangen",
            subjects=[Subject(kind="telefoon", value=n) for n in numbers],
            object_type="telefoniebatch",
        )
    logger.info("telephony batch: %d received, %d new, %d calls", len(events), len(new), calls_updated)
    return IngestResult(len(events), len(new), len(events) - len(new), calls_updated)


# An arbitrary constant naming Voorkant's telephony recompute lock among PostgreSQL advisory locks.
RECOMPUTE_LOCK_KEY = 7_334_101


def recompute_lock() -> None:
    """Serialise batches with call events (PostgreSQL; SQLite already serialises writers).

    Two batches with events of the same call would otherwise each read the call's events without the
    other's uncommitted ones, and the last upsert would win with an incomplete summary. The lock is taken
    before this batch's events are stored and read back (one statement, one snapshot) and held to commit, so
    whoever comes second reads both batches' events. One lock for all calls keeps it free of deadlocks (repeat
    flags touch other calls' rows); on two cores running batches one after the other costs no throughput.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECOMPUTE_LOCK_KEY])


def calls_recompute(*, call_ids: set[str], source: Source = Source.API) -> int:
    """Rebuild these calls' summaries from all their stored events; refresh repeat flags around them."""
    if not call_ids:
        return 0
    return calls_summarise_and_store(grouped=events_of_calls(call_ids), source=source)


def calls_summarise_and_store(*, grouped: dict[str, list[CallEventRow]], source: Source) -> int:
    """Summarise each call from all its events, upsert the summaries and refresh the repeat flags."""
    calls = [summary_row(call_id, summarise_call(evs), source) for call_id, evs in grouped.items()]
    if not calls:
        return 0
    changed = calls_upsert(calls)
    # A repeat flag depends only on the callers and start times of calls: when no call is new and none got
    # another caller or start (most batches complete calls already known), no flag can change.
    repeat_flags_refresh(calls=calls if changed is None else [c for c in calls if c["call_id"] in changed])
    return len(calls)


def summary_row(call_id: str, summary: CallSummary, source: Source) -> dict:
    """The database row of a call summary (see storage.CALL_COLUMNS)."""
    row = vars(summary).copy()
    row.update(
        call_id=call_id, source=source, caller_key=caller_key_for(summary.caller_number), is_repeat=False
    )
    return row


def repeat_flags_refresh(*, calls: Sequence[dict]) -> None:
    """A call is a repeat when the same caller called within the 24 hours before it.

    A late event can make a *later* call a repeat, so every call of these callers from the earliest touched
    call to 24 h after the latest is rechecked, with the 24 h before as predecessors. PostgreSQL does it in
    one UPDATE with a window function; SQLite compares in Python.
    """
    keyed = [c for c in calls if c["caller_key"]]
    if not keyed:
        return
    start = min(c["entered_at"] for c in keyed)
    end = max(c["entered_at"] for c in keyed) + REPEAT_WINDOW
    keys = sorted({c["caller_key"] for c in keyed})
    if connection.vendor == "postgresql":
        repeat_flags_update(keys=keys, start=start, end=end, window=REPEAT_WINDOW)
        return
    rows = (
        Call.objects.filter(caller_key__in=keys, entered_at__range=(start - REPEAT_WINDOW, end))
        .order_by("caller_key", "entered_at", "id")
        .values_list("id", "caller_key", "entered_at", "is_repeat")
    )
    changed: list[Call] = []
    previous_key, previous_time = None, None
    for call_pk, key, entered_at, is_repeat in rows:
        repeat = key == previous_key and entered_at - previous_time <= REPEAT_WINDOW
        # Calls before `start` are only predecessors: their own flags depend on calls further back.
        if entered_at >= start and repeat != is_repeat:
            changed.append(Call(id=call_pk, is_repeat=repeat))
        previous_key, previous_time = key, entered_at
    if changed:
        Call.objects.bulk_update(changed, ["is_repeat"])


@transaction.atomic
def telephony_retention_apply(*, now: dt.datetime | None = None, days: int | None = None) -> dict[str, int]:
    """Remove caller numbers older than the retention period; keep the anonymous figures.

    Events older than the period are deleted (the summaries already hold what the figures need); summaries
    keep their times and durations but lose the number and the caller hash.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days if days is not None else settings.TELEPHONY_RETENTION_DAYS)
    deleted, _ = TelephonyEvent.objects.filter(
        is_agent_event__in=[True, False], occurred_at__lt=cutoff
    ).delete()
    # A screen-pop names the caller's number (and the parties known by it): it goes with the numbers.
    Notification.objects.filter(kind=NotificationKind.SCREEN_POP, created_at__lt=cutoff).delete()
    blanked = (
        # interval_start <= entered_at: the extra bound changes nothing and lets the index find the calls.
        Call.objects.filter(entered_at__lt=cutoff, interval_start__lt=cutoff)
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
