"""Keeping the follow-up facts and their daily rollup in step with the follow-ups app.

The subscribers of ``FOLLOWUP_CREATED`` and ``FOLLOWUP_CHANGED`` call ``rollup_followups_sync`` after commit
(as jobs). Like the question rollups it recomputes every touched cell from the facts, so a retried or
duplicated event changes nothing, and ``followups_rebuild`` gives the same rows from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import transaction
from django.db.models import Q

from voorkant.dashboard.facts import local_zone
from voorkant.dashboard.followup_facts import followup_facts_for
from voorkant.dashboard.models import FollowupFact
from voorkant.dashboard.rollups import FOLLOWUP_SPECS, cell_recompute, cells_rebuild

FACT_FIELDS = [f.name for f in FollowupFact._meta.concrete_fields if f.name not in ("id", "purged")]


def _sync(task_ids: Iterable[int]) -> None:
    ids = set(task_ids)
    new = {f["task_id"]: f for f in followup_facts_for(ids)}
    old = {f.task_id: f for f in FollowupFact.objects.filter(task_id__in=ids, purged=False)}
    dirty: set[tuple[int, tuple]] = set()
    for task_id in ids:
        before, after = old.get(task_id), new.get(task_id)
        for values in (
            {name: getattr(before, name) for name in FACT_FIELDS} if before else None,
            after,
        ):
            if values is not None:
                for index, spec in enumerate(FOLLOWUP_SPECS):
                    dirty.add((index, spec.cell_key(values)))
        if before is not None and after is not None:
            changed = [name for name in FACT_FIELDS if getattr(before, name) != after[name]]
            if changed:
                for name in changed:
                    setattr(before, name, after[name])
                before.save(update_fields=changed)
        elif after is not None:
            FollowupFact.objects.create(**after)
        elif before is not None:
            before.delete()
    for index, key in sorted(dirty, key=lambda item: (item[0], str(item[1]))):
        cell_recompute(spec=FOLLOWUP_SPECS[index], key=key)


@transaction.atomic
def rollup_followups_sync(*, task_ids: Iterable[int]) -> None:
    """Bring the facts and rollup cells of these follow-ups (existing or deleted) in line with the tasks."""
    from voorkant.dashboard.services import _serialise, rollup_version_bump

    _serialise()
    _sync(task_ids)
    rollup_version_bump()


def _bounds(start: date | None, end: date | None) -> Q:
    zone = local_zone()
    condition = Q()
    if start is not None:
        condition &= Q(created_at__gte=datetime.combine(start, clock.min, tzinfo=zone))
    if end is not None:
        condition &= Q(created_at__lt=datetime.combine(end + timedelta(days=1), clock.min, tzinfo=zone))
    return condition


def _dates(start: date | None, end: date | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(date__gte=start)
    if end is not None:
        condition &= Q(date__lte=end)
    return condition


def followups_rebuild(*, start: date | None, end: date | None, chunk: int = 2000) -> tuple[int, dict]:
    """Recompute follow-up facts and rollups for creation dates start..end (None = unbounded). Facts of
    follow-ups removed by the retention job (purged) are kept. Runs inside the caller's transaction."""
    from voorkant.followups.models import InternalTask

    FollowupFact.objects.filter(_dates(start, end), purged=False).delete()
    ids = list(InternalTask.objects.filter(_bounds(start, end)).order_by("id").values_list("id", flat=True))
    count = 0
    for offset in range(0, len(ids), chunk):
        facts = followup_facts_for(ids[offset : offset + chunk])
        FollowupFact.objects.filter(task_id__in=[f["task_id"] for f in facts]).delete()
        FollowupFact.objects.bulk_create([FollowupFact(**f) for f in facts], batch_size=1000)
        count += len(facts)
    rows = {}
    for spec in FOLLOWUP_SPECS:
        spec.model.objects.filter(_dates(start, end)).delete()
        rows[spec.model.__name__] = cells_rebuild(
            spec=spec, facts=FollowupFact.objects.filter(_dates(start, end))
        )
    return count, rows
