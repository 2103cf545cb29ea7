"""Retention (bewaartermijnen): remove questions whose product's retention period has passed.

Runs daily as a job. What is removed: the question with its involvements, transfers and answers; a
conversation left without questions; a party that lost its last involvement in this run; expired drafts.
What stays: the processing log (its own retention) and the dashboard's aggregate figures, which are kept in
rollup tables without personal data and are not recomputed from the removed rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from voorkant.privacy.models import Channel, ProcessingActivity, RetentionRun
from voorkant.privacy.services import Subject, processing_log_write

logger = logging.getLogger(__name__)
BATCH = 2000


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same moment ``months`` calendar months earlier; the 31st becomes the month's last day."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _remove_questions(question_ids: list[int]) -> tuple[int, set[int], set[int]]:
    from voorkant.contacts.models import Involvement, Question

    party_ids = set(
        Involvement.objects.filter(question_id__in=question_ids, party__isnull=False).values_list(
            "party_id", flat=True
        )
    )
    conversation_ids = set(
        Question.objects.filter(id__in=question_ids).values_list("conversation_id", flat=True)
    )
    Question.objects.filter(id__in=question_ids).delete()
    # In the same transaction: the dashboard keeps these questions' figures, without customer keys.
    from voorkant.dashboard.services import facts_mark_purged

    facts_mark_purged(question_ids=question_ids)
    return len(question_ids), party_ids, conversation_ids


def retention_run(
    *, now: dt.datetime | None = None, user=None, channel: Channel = Channel.JOB
) -> RetentionRun:
    """Carry out every product's retention period once; returns the run's report."""
    from voorkant.catalogue.models import Product
    from voorkant.contacts.models import Conversation, ConversationDraft, Question
    from voorkant.parties.models import Party

    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=now)
    touched_parties: set[int] = set()
    touched_conversations: set[int] = set()
    details = []
    for product in Product.objects.filter(retention_months__isnull=False).order_by("name"):
        cutoff = months_before(now, product.retention_months)
        due = Question.objects.filter(product=product, occurred_at__lt=cutoff).order_by("id")
        removed = 0
        while True:
            ids = list(due.values_list("id", flat=True)[:BATCH])
            if not ids:
                break
            # One transaction per batch: a crash loses at most the batch in progress, never half a question.
            with transaction.atomic():
                count, parties, conversations = _remove_questions(ids)
            removed += count
            touched_parties |= parties
            touched_conversations |= conversations
        if removed:
            details.append(
                {
                    "product": product.name,
                    "bewaartermijn_maanden": product.retention_months,
                    "grens": cutoff.isoformat(),
                    "verwijderd": removed,
                }
            )

    conversations_removed = 0
    empty = list(
        Conversation.objects.filter(id__in=touched_conversations, questions__isnull=True).values_list(
            "id", flat=True
        )
    )
    for start in range(0, len(empty), BATCH):
        Conversation.objects.filter(id__in=empty[start : start + BATCH]).delete()
    conversations_removed = len(empty)

    orphaned = Party.objects.filter(id__in=touched_parties, involvements__isnull=True).prefetch_related(
        "identifiers"
    )
    removed_party_subjects: list[Subject] = []
    parties_removed = 0
    for party in orphaned:
        subjects = [Subject("partij", str(party.uuid))] + [
            Subject("bsn", i.value) for i in party.identifiers.all() if i.identifier_type == "bsn"
        ]
        try:
            with transaction.atomic():
                party.delete()
        except ProtectedError:
            # Still referenced elsewhere (for instance an open follow-up): it is kept for that purpose.
            logger.info("retention kept party id=%s: still referenced", party.pk)
            continue
        parties_removed += 1
        removed_party_subjects += subjects

    drafts_removed, _ = ConversationDraft.objects.filter(expires_at__lt=now).delete()

    with transaction.atomic():
        run.finished_at = timezone.now()
        run.questions_removed = sum(d["verwijderd"] for d in details)
        run.conversations_removed = conversations_removed
        run.parties_removed = parties_removed
        run.drafts_removed = drafts_removed
        run.details = details
        run.save()
        processing_log_write(
            user=user,
            actor_label=None if user else "systeem: bewaartermijnen",
            channel=channel,
            activity=ProcessingActivity.RETENTION,
            purpose="Persoonsgegevens verwijderen na afloop van de bewaartermijn",
            action="bewaartermijn.uitvoeren",
            subjects=removed_party_subjects,
            object_type="retentionrun",
        )
    logger.info(
        "retention run id=%s questions=%s parties=%s drafts=%s",
        run.pk,
        run.questions_removed,
        parties_removed,
        drafts_removed,
    )
    return run
