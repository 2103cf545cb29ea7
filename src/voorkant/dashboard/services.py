"""Keeping the dashboard's facts and rollups in step with the registered questions.

The platform's domain-event subscribers call the three ``rollup_question_*`` functions after commit (as jobs);
each is idempotent, so a retried or duplicated job changes nothing. ``rollups_rebuild`` recomputes a date
range (or everything) from the raw question tables and must always give the same rows as the incremental path.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import connection, transaction
from django.db.models import F, Q

from voorkant.contacts.models import Question
from voorkant.dashboard.facts import REPEAT_WINDOW_DAYS, facts_for_questions, local_zone
from voorkant.dashboard.models import FollowupFact, QuestionFact, RollupState, ServiceNorm
from voorkant.dashboard.norms import DEFAULTS_BY_CODE
from voorkant.dashboard.rollups import SPECS, cell_recompute, cells_rebuild

logger = logging.getLogger(__name__)

# One PostgreSQL advisory lock serialises every rollup change: a cell recomputed by two jobs at once could
# otherwise be written from a stale read. SQLite's IMMEDIATE transactions serialise writers already.
ROLLUP_LOCK_KEY = 7_566_102_001
WINDOW = timedelta(days=REPEAT_WINDOW_DAYS)
FACT_FIELDS = [
    f.name for f in QuestionFact._meta.concrete_fields if f.name not in ("id", "is_repeat", "purged")
]


def _serialise() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROLLUP_LOCK_KEY])


def rollup_version_bump() -> None:
    """Tell live views the figures changed (their ETag is this version). Called inside the rollup change."""
    if not RollupState.objects.filter(pk=1).update(version=F("version") + 1):
        RollupState.objects.create(pk=1, version=1)


def _as_dict(fact: QuestionFact) -> dict:
    return {name: getattr(fact, name) for name in (*FACT_FIELDS, "is_repeat")}


def _customer_filter(product_id: int, party_id: int | None, phone_hash: str) -> Q | None:
    if not product_id or (party_id is None and not phone_hash):
        return None
    who = Q()
    if party_id is not None:
        who |= Q(party_id=party_id)
    if phone_hash:
        who |= Q(phone_hash=phone_hash)
    return Q(product_id=product_id) & who


def _is_repeat(fact: QuestionFact) -> bool:
    """An earlier question, in another conversation, on the same product by the same customer or number."""
    match = _customer_filter(fact.product_id, fact.party_id, fact.phone_hash)
    if match is None:
        return False
    earlier = Q(occurred_at__lt=fact.occurred_at) | Q(
        occurred_at=fact.occurred_at, question_id__lt=fact.question_id
    )
    return (
        QuestionFact.objects.filter(match, earlier, date__gte=fact.date - WINDOW, date__lte=fact.date)
        .exclude(conversation_id=fact.conversation_id)
        .exists()
    )


def _sync(question_ids: Iterable[int]) -> None:
    ids = set(question_ids)
    new = {f["question_id"]: f for f in facts_for_questions(ids)}
    old = {f.question_id: f for f in QuestionFact.objects.filter(question_id__in=ids, purged=False)}
    # Handling time belongs to a conversation's first question: adding or removing one can move it.
    conversations = {f["conversation_id"] for f in new.values()} | {f.conversation_id for f in old.values()}
    siblings = set(
        QuestionFact.objects.filter(conversation_id__in=conversations)
        .exclude(question_id__in=ids)
        .values_list("question_id", flat=True)
    )
    if siblings:
        new.update({f["question_id"]: f for f in facts_for_questions(siblings)})
        old.update({f.question_id: f for f in QuestionFact.objects.filter(question_id__in=siblings)})
        ids |= siblings

    dirty: set[tuple[int, tuple]] = set()
    neighbourhood: set[tuple[int, int | None, str, date]] = set()

    def touch(values: dict) -> None:
        for index, spec in enumerate(SPECS):
            dirty.add((index, spec.cell_key(values)))
        neighbourhood.add((values["product_id"], values["party_id"], values["phone_hash"], values["date"]))

    for question_id in ids:
        before, after = old.get(question_id), new.get(question_id)
        if before is not None:
            touch(_as_dict(before))
        if after is not None:
            touch({**after, "is_repeat": False})
        if before is not None and after is not None:
            changed = [name for name in FACT_FIELDS if getattr(before, name) != after[name]]
            if changed:
                for name in changed:
                    setattr(before, name, after[name])
                before.save(update_fields=changed)
        elif after is not None:
            QuestionFact.objects.create(**after)
        elif before is not None:
            before.delete()

    # A question can make later ones (up to 7 days on) repeats, or stop them being one: re-decide them all.
    candidates: dict[int, QuestionFact] = {}
    for product_id, party_id, phone_hash, day in neighbourhood:
        match = _customer_filter(product_id, party_id, phone_hash)
        if match is None:
            continue
        for fact in QuestionFact.objects.filter(match, date__gte=day, date__lte=day + WINDOW):
            candidates[fact.pk] = fact
    for fact in QuestionFact.objects.filter(question_id__in=ids):
        candidates.setdefault(fact.pk, fact)
    for fact in candidates.values():
        repeat = _is_repeat(fact)
        if repeat != fact.is_repeat:
            fact.is_repeat = repeat
            fact.save(update_fields=["is_repeat"])
            touch(_as_dict(fact))

    for index, key in sorted(dirty, key=lambda item: (item[0], str(item[1]))):
        cell_recompute(spec=SPECS[index], key=key)


@transaction.atomic
def rollup_questions_sync(*, question_ids: Iterable[int]) -> None:
    """Bring the facts and rollup cells of these questions (existing or deleted) in line with the raw rows."""
    _serialise()
    _sync(question_ids)
    rollup_version_bump()


def facts_mark_purged(*, question_ids: Iterable[int]) -> int:
    """Called by the retention job for questions it removed: keep their facts (so the figures stay) but drop
    the customer keys, which served only the repeat-contact window. Their follow-ups go with them (cascade,
    without an event): those facts stay too, and a rebuild keeps them."""
    ids = list(question_ids)
    FollowupFact.objects.filter(question_id__in=ids).update(purged=True)
    return QuestionFact.objects.filter(question_id__in=ids).update(purged=True, party_id=None, phone_hash="")


def rollup_question_registered(*, question_id: int) -> None:
    """Subscriber for 'question registered'. Idempotent."""
    rollup_questions_sync(question_ids=[question_id])


def rollup_question_changed(*, question_id: int) -> None:
    """Subscriber for 'question changed' (outcome, product, transfers, answer, involvements). Idempotent."""
    rollup_questions_sync(question_ids=[question_id])


def rollup_question_deleted(*, question_id: int) -> None:
    """Subscriber for 'question deleted' (also retention purges), after the delete committed. Idempotent."""
    rollup_questions_sync(question_ids=[question_id])


@dataclass
class RebuildResult:
    facts: int = 0
    followups: int = 0
    repeats: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _bounds(start: date | None, end: date | None) -> Q:
    zone = local_zone()
    condition = Q()
    if start is not None:
        condition &= Q(occurred_at__gte=datetime.combine(start, clock.min, tzinfo=zone))
    if end is not None:
        condition &= Q(occurred_at__lt=datetime.combine(end + timedelta(days=1), clock.min, tzinfo=zone))
    return condition


def _date_range(start: date | None, end: date | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(date__gte=start)
    if end is not None:
        condition &= Q(date__lte=end)
    return condition


def _repeats_recompute(*, start: date | None, end: date | None) -> int:
    """Re-decide the repeat flag of every fact dated start..end by one pass in time order."""
    # Purged facts keep the repeat flag decided while their question existed.
    scan = QuestionFact.objects.filter(product_id__gt=0, purged=False).filter(
        _date_range(start - WINDOW if start else None, end)
    )
    seen: dict[tuple, dict[int, date]] = {}
    flags: dict[bool, list[int]] = {True: [], False: []}
    rows = scan.order_by("occurred_at", "question_id").values_list(
        "id", "conversation_id", "date", "product_id", "party_id", "phone_hash", "is_repeat"
    )
    for pk, conversation_id, day, product_id, party_id, phone_hash, was_repeat in rows.iterator(
        chunk_size=5000
    ):
        keys = []
        if party_id is not None:
            keys.append((product_id, "p", party_id))
        if phone_hash:
            keys.append((product_id, "t", phone_hash))
        repeat = any(
            other != conversation_id and last >= day - WINDOW
            for key in keys
            for other, last in seen.get(key, {}).items()
        )
        for key in keys:
            seen.setdefault(key, {})[conversation_id] = day
        if (start is None or day >= start) and repeat != was_repeat:
            flags[repeat].append(pk)
    for value, pks in flags.items():
        for offset in range(0, len(pks), 1000):
            QuestionFact.objects.filter(pk__in=pks[offset : offset + 1000]).update(is_repeat=value)
    return len(flags[True]) + len(flags[False])


@transaction.atomic
def rollups_rebuild(
    *, start: date | None = None, end: date | None = None, chunk: int = 2000
) -> RebuildResult:
    """Recompute facts and every rollup for local dates start..end (inclusive; None = unbounded) from the raw
    question and follow-up tables. Repeats and rollups are re-decided up to 7 days past end, where the range
    can reach."""
    began = time.monotonic()
    _serialise()
    result = RebuildResult()
    QuestionFact.objects.filter(_date_range(start, end), purged=False).delete()
    ids = list(Question.objects.filter(_bounds(start, end)).order_by("id").values_list("id", flat=True))
    for offset in range(0, len(ids), chunk):
        facts = facts_for_questions(ids[offset : offset + chunk])
        # A question moved into the range since the last sync has a stale fact elsewhere: replace it.
        QuestionFact.objects.filter(question_id__in=[f["question_id"] for f in facts]).delete()
        QuestionFact.objects.bulk_create([QuestionFact(**f) for f in facts], batch_size=1000)
        result.facts += len(facts)
    reach = end + WINDOW if end is not None else None
    result.repeats = _repeats_recompute(start=start, end=reach)
    for spec in SPECS:
        spec.model.objects.filter(_date_range(start, reach)).delete()
        facts_in_range = QuestionFact.objects.filter(_date_range(start, reach))
        result.rows[spec.model.__name__] = cells_rebuild(spec=spec, facts=facts_in_range)
    # Follow-ups count on their creation date; nothing about them reaches past ``end``.
    from voorkant.dashboard.followup_services import followups_rebuild

    result.followups, followup_rows = followups_rebuild(start=start, end=end)
    result.rows.update(followup_rows)
    rollup_version_bump()
    result.seconds = time.monotonic() - began
    logger.info("rollups rebuilt: %s facts, %s rows in %.1fs", result.facts, result.rows, result.seconds)
    return result


@transaction.atomic
def norm_update(*, code: str, target_percentage, amber_margin, threshold: int | None, user) -> ServiceNorm:
    """Set a service norm (functional administrator). The default's source stays shown beside it."""
    if code not in DEFAULTS_BY_CODE:
        raise ValueError(f"Onbekende norm: {code}")
    norm, _ = ServiceNorm.objects.update_or_create(
        code=code,
        defaults={
            "target_percentage": target_percentage,
            "amber_margin": amber_margin,
            "threshold": threshold,
            "updated_by": user,
        },
    )
    return norm
