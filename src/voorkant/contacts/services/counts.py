"""The question counters per visibility class (see ``QuestionCount``): kept in the writer's transaction."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from voorkant.contacts.models import Question, QuestionCount

# The same change as one statement, for callers that write it together with their inserts
# (voorkant.core.prepared.insert_new_rows); no row back: the counters are missing, call question_count_add.
# Our own table's name; values travel as parameters.
QUESTION_COUNT_ADD_SQL = (
    f"UPDATE {QuestionCount._meta.db_table} SET total = total + %s"  # noqa: S608
    " WHERE is_confidential = %s RETURNING total"
)


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
