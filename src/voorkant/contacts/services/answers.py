"""Opening the stored protocol answers of a registered question later (klantbeeld, back office).

Every opening is a processing of personal data, so it writes a processing-log record; the coordinators'
"later opened" analytics count those records (catalogue.selectors.protocol_field_analytics), so no second
counter or copy of the answers exists. The record names the question, never an answer.
"""

from __future__ import annotations

from django.db import transaction

from voorkant.contacts.models import Question, QuestionAnswer
from voorkant.privacy.models import Channel, ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

ANSWERS_OPENED_ACTION = "protocolantwoorden.raadplegen"


@transaction.atomic
def question_answers_open(*, user, question: Question, channel: Channel = Channel.UI) -> list[QuestionAnswer]:
    """The question's stored answers in protocol order; logged as one processing of its data subjects."""
    answers = list(
        QuestionAnswer.objects.filter(question=question)
        .select_related("field")
        .order_by("field__order", "pk")
    )
    subjects = {
        Subject("partij", str(party_uuid))
        for party_uuid in question.involvements.filter(party__isnull=False).values_list(
            "party__uuid", flat=True
        )
    }
    processing_log_write(
        user=user,
        channel=channel,
        activity=ProcessingActivity.CUSTOMER_VIEW,
        purpose="Eerder gegeven antwoorden gebruiken voor de dienstverlening",
        action=ANSWERS_OPENED_ACTION,
        subjects=subjects,
        object_type="vraag",
        object_uuid=question.uuid,
    )
    return answers
