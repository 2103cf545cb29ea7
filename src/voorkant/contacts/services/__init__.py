"""Every change to conversations, questions, drafts and the contact reference tables.

Split per aggregate; import from here: ``from voorkant.contacts.services import conversation_register``.
"""

from voorkant.contacts.services.answers import ANSWERS_OPENED_ACTION, question_answers_open
from voorkant.contacts.services.drafts import (
    draft_add_question,
    draft_create,
    draft_discard,
    draft_finish,
    draft_inputs,
    draft_link_answer,
    draft_merge,
    draft_remove_question,
    draft_save,
    draft_set_caller,
    drafts_purge_expired,
    empty_question,
)
from voorkant.contacts.services.reference import channel_save, outcome_save
from voorkant.contacts.services.registration import (
    conversation_register,
    question_number_for,
    question_register,
)
from voorkant.contacts.services.registration_checks import (
    CallerRef,
    QuestionInput,
    TransferInput,
    conversation_validate,
)

__all__ = [
    "ANSWERS_OPENED_ACTION",
    "CallerRef",
    "QuestionInput",
    "TransferInput",
    "channel_save",
    "conversation_register",
    "conversation_validate",
    "draft_add_question",
    "draft_create",
    "draft_discard",
    "draft_finish",
    "draft_inputs",
    "draft_link_answer",
    "draft_merge",
    "draft_remove_question",
    "draft_save",
    "draft_set_caller",
    "drafts_purge_expired",
    "empty_question",
    "outcome_save",
    "question_answers_open",
    "question_number_for",
    "question_register",
]
