"""The question counters per visibility class (see ``QuestionCount``): kept in the writer's transaction."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from voorkant.contacts.models import Question, QuestionCount


def question_count_add(*, is_confidential: bool, delta: int) -> None:
    """Add ``delta`` to one class's counter; call it inside the transaction that adds or removes questions."""
    updated = QuestionCount.objects.filter(is_confidential=is_confidential).update(total=F("total") + delta)
    if not updated:
        question_counts_rebuild()


@transaction.atomic
def question_counts_rebuild() -> dict[bool, int]:
    """Recount both classes exactly (after a bulk load, or to repair); returns the new totals."""
    totals = {}
    for confidential in (False, True):
        total = Question.objects.filter(is_confidential=confidential).count()
        QuestionCount.objects.update_or_create(is_confidential=confidential, defaults={"total": total})
        totals[confidential] = total
    return totals


def question_counts() -> dict[bool, int]:
    """The kept totals per class (False: not confidential, True: confidential)."""
    rows = dict(QuestionCount.objects.values_list("is_confidential", "total"))
    if len(rows) < 2:
        return question_counts_rebuild()
    return rows
