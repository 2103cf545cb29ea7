"""Drafts: a half-filled conversation kept server-side per agent until it is registered or expires.

The draft's JSON keeps what the agent typed as typed (strings), so a failed finish loses nothing. Shape::

    {"channel": "telefoon", "started_at": "<iso>", "call_id": "<telephony call id, optional>",
     "caller": null | {"party_uuid": "..."} | {"bsn": "..."} | {"anonymous": true}  (+ "label"),
     "questions": [{"subject", "product", "note", "outcome", "knowledge_item", "knowledge_title",
                    "answer_found", "phone", "email",
                    "transfer": {"target_label", "connected", "reached_right_person", "wait_seconds"}}]}
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from voorkant.catalogue.models import Product
from voorkant.contacts.models import Channel, Conversation, ConversationDraft, OutcomeCategory
from voorkant.contacts.selectors import channels_by_code, outcomes_by_code
from voorkant.contacts.services.registration import conversation_register
from voorkant.contacts.services.registration_checks import (
    CallerRef,
    QuestionInput,
    TransferInput,
    conversation_validate,
)
from voorkant.knowledge.models import KnowledgeItem
from voorkant.privacy.models import Channel as LogChannel
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

MAX_QUESTIONS = 20


def empty_question() -> dict:
    return {
        "subject": "",
        "product": "",
        "note": "",
        "outcome": "",
        "knowledge_item": None,
        "knowledge_title": "",
        "answer_found": False,
        "phone": "",
        "email": "",
        "transfer": {"target_label": "", "connected": "", "reached_right_person": "", "wait_seconds": ""},
        # Answers to the product's protocol questions, by field key, as typed.
        "answers": {},
    }


def _expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(hours=settings.DRAFT_TTL_HOURS)


def draft_create(
    *, user, channel_code: str | None = None, call_id: str = "", callback_phone: str = ""
) -> ConversationDraft:
    """Open a new conversation for the agent; its start time is now.

    ``call_id`` (from a telephony screen-pop) links the registered conversation to that call;
    ``callback_phone`` pre-fills the first question's phone number.
    """
    channel = Channel.objects.filter(code=channel_code, is_active=True).first() if channel_code else None
    if channel is None:
        channel = Channel.objects.filter(is_active=True).order_by("order", "name").first()
    now = timezone.now()
    data = {
        "channel": channel.code if channel else "",
        "started_at": now.isoformat(),
        "caller": None,
        "questions": [{**empty_question(), "phone": callback_phone}],
    }
    if call_id:
        data["call_id"] = call_id
    return ConversationDraft.objects.create(user=user, data=data, expires_at=_expiry(now))


def _store(draft: ConversationDraft, data: dict) -> None:
    # A queryset update, never save(): an autosave racing a finish must not bring a deleted draft back.
    now = timezone.now()
    updated = ConversationDraft.objects.filter(pk=draft.pk).update(
        data=data, updated_at=now, expires_at=_expiry(now)
    )
    if not updated:
        raise ConversationDraft.DoesNotExist
    draft.data = data
    draft.updated_at = now
    draft.expires_at = _expiry(now)


def draft_save(*, draft: ConversationDraft, data: dict) -> None:
    """Store the form as typed (autosave). Caller and linked answers are kept: they change elsewhere."""
    _store(draft, draft_merge(draft=draft, data=data))


def draft_merge(*, draft: ConversationDraft, data: dict) -> dict:
    """The draft's data with the typed form applied, without storing it."""
    merged = copy.deepcopy(draft.data)
    merged["channel"] = data.get("channel", merged.get("channel", ""))
    previous = merged.get("questions") or []
    questions = []
    for index, typed in enumerate(data.get("questions", [])[:MAX_QUESTIONS]):
        question = empty_question()
        if index < len(previous):
            question["knowledge_item"] = previous[index].get("knowledge_item")
            question["knowledge_title"] = previous[index].get("knowledge_title", "")
        # Linked answers change only through draft_link_answer, never through a (possibly stale) form.
        protected = ("knowledge_item", "knowledge_title")
        question.update({k: v for k, v in typed.items() if k in question and k not in protected})
        questions.append(question)
    # A form can be older than the draft (an autosave racing "add question"): questions it does not know
    # yet are kept. Removing a question goes through draft_remove_question, never through a shorter form.
    questions.extend(copy.deepcopy(previous[len(questions) :]))
    merged["questions"] = questions or [empty_question()]
    return merged


def draft_add_question(*, draft: ConversationDraft) -> int:
    """Append an empty question; returns its index."""
    data = copy.deepcopy(draft.data)
    questions = data.setdefault("questions", [])
    if len(questions) < MAX_QUESTIONS:
        questions.append(empty_question())
    _store(draft, data)
    return len(questions) - 1


def draft_remove_question(*, draft: ConversationDraft, index: int) -> None:
    data = copy.deepcopy(draft.data)
    questions = data.get("questions") or []
    if 0 <= index < len(questions) and len(questions) > 1:
        questions.pop(index)
    _store(draft, data)


@transaction.atomic
def draft_set_caller(*, draft: ConversationDraft, user, caller: dict | None, label: str = "") -> None:
    """Set who is calling: ``{"party_uuid": ...}``, ``{"bsn": ...}``, ``{"anonymous": True}`` or None.

    Linking a person to a conversation is processing of personal data, so it is logged (one record).
    """
    data = copy.deepcopy(draft.data)
    data["caller"] = {**caller, "label": label} if caller else None
    _store(draft, data)
    if caller and not caller.get("anonymous"):
        subjects = [Subject("partij", str(caller["party_uuid"]))] if caller.get("party_uuid") else []
        if caller.get("bsn"):
            subjects.append(Subject("bsn", caller["bsn"]))
        processing_log_write(
            user=user,
            channel=LogChannel.UI,
            activity=ProcessingActivity.IDENTIFICATION,
            purpose="Beller identificeren voor dienstverlening",
            action="klant.koppelen_aan_gesprek",
            subjects=subjects,
            object_type="concept-gesprek",
            object_uuid=draft.uuid,
        )


def draft_link_answer(*, draft: ConversationDraft, index: int, knowledge_item: KnowledgeItem | None) -> None:
    """Link the kennisbank item that answered question ``index`` (None removes the link)."""
    data = copy.deepcopy(draft.data)
    questions = data.get("questions") or []
    if not 0 <= index < len(questions):
        raise IndexError(index)
    questions[index]["knowledge_item"] = str(knowledge_item.uuid) if knowledge_item else None
    questions[index]["knowledge_title"] = knowledge_item.title if knowledge_item else ""
    _store(draft, data)


def draft_discard(*, draft: ConversationDraft) -> None:
    ConversationDraft.objects.filter(pk=draft.pk).delete()


def drafts_purge_expired(*, now: datetime | None = None) -> int:
    """Remove drafts past their expiry; returns how many. Run by the retention job."""
    deleted, _ = ConversationDraft.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def _yes_no(value) -> bool | None:
    return {"ja": True, "nee": False}.get(str(value or "").strip().lower())


def _caller_from(data: dict, errors: dict[str, list[str]]) -> CallerRef | None:
    caller = data.get("caller")
    if not caller:
        errors["caller"] = ["Zoek de klant of kies 'Anoniem'."]
        return None
    if caller.get("anonymous"):
        return None
    return CallerRef(party_uuid=caller.get("party_uuid"), bsn=caller.get("bsn"))


def draft_inputs(data: dict) -> tuple[dict, list[QuestionInput], dict[str, list[str]]]:
    """Turn a draft's typed strings into service inputs, with messages for what cannot be read."""
    errors: dict[str, list[str]] = {}
    raw_questions = data.get("questions") or []
    outcomes = outcomes_by_code()
    item_ids = [q.get("knowledge_item") for q in raw_questions if q.get("knowledge_item")]
    items = KnowledgeItem.objects.in_bulk(item_ids, field_name="uuid") if item_ids else {}
    items = {str(key): value for key, value in items.items()}
    names = {q.get("product", "").strip() for q in raw_questions if q.get("product", "").strip()}
    products: dict[str, Product] = {}
    for product in Product.objects.filter(name__in=names, is_active=True).order_by("pk"):
        products.setdefault(product.name, product)
    questions = []
    for raw in raw_questions:
        extra: dict[str, str] = {}
        product = None
        product_name = (raw.get("product") or "").strip()
        if product_name:
            product = products.get(product_name) or (
                Product.objects.filter(name__iexact=product_name, is_active=True).order_by("pk").first()
            )
            if product is None:
                extra["product"] = "Dit product staat niet in de lijst. Kies een product uit de suggesties."
        transfer_raw = raw.get("transfer") or {}
        wait = None
        wait_text = str(transfer_raw.get("wait_seconds") or "").strip()
        if wait_text:
            try:
                wait = int(wait_text)
            except ValueError:
                extra["wait_seconds"] = "Vul de wachttijd in hele seconden in, bijvoorbeeld 45."
        outcome = outcomes.get(raw.get("outcome") or "")
        transfer = None
        if outcome is not None and outcome.category == OutcomeCategory.TRANSFERRED:
            reached = transfer_raw.get("reached_right_person")
            transfer = TransferInput(
                connected=_yes_no(transfer_raw.get("connected")),
                reached_right_person=_yes_no(reached),
                target_label=(transfer_raw.get("target_label") or "").strip(),
                wait_seconds=wait,
            )
        elif "wait_seconds" in extra:
            del extra["wait_seconds"]  # transfer fields are ignored when the call was not transferred
        questions.append(
            QuestionInput(
                subject=raw.get("subject") or "",
                outcome=outcome,
                note=raw.get("note") or "",
                product=product,
                knowledge_item=items.get(str(raw.get("knowledge_item") or "")),
                answer_found=bool(raw.get("answer_found")),
                transfer=transfer,
                phone=(raw.get("phone") or "").strip(),
                email=(raw.get("email") or "").strip(),
                answers=raw.get("answers") or {},
                extra_errors=extra,
            )
        )
    started_at = parse_datetime(data.get("started_at") or "") or timezone.now()
    conversation = {
        "channel": channels_by_code().get(data.get("channel") or ""),
        "started_at": started_at,
        "caller": _caller_from(data, errors),
    }
    return conversation, questions, errors


@transaction.atomic
def draft_finish(*, draft: ConversationDraft, user, data: dict | None = None) -> Conversation:
    """Validate and register the draft's conversation, then remove the draft. Nothing changes on errors.

    ``data`` is the draft's data with the last typed form applied (draft_merge); without it the stored data
    is used. The draft row is deleted first, in this transaction: that locks it, so a double Ctrl+Enter
    registers once (the second finish waits, then finds no draft and raises ConversationDraft.DoesNotExist),
    and any error rolls the deletion back with everything else, so the draft stays.
    """
    if data is None:
        stored = ConversationDraft.objects.select_for_update().filter(pk=draft.pk)
        data = stored.values_list("data", flat=True).first()
    deleted, _ = ConversationDraft.objects.filter(pk=draft.pk).delete()
    if not deleted:
        raise ConversationDraft.DoesNotExist
    conversation_data, questions, errors = draft_inputs(data)
    arguments = {**conversation_data, "ended_at": max(timezone.now(), conversation_data["started_at"])}
    if errors:
        # Report the draft's own problems together with the service's, so the agent sees all at once.
        for key, messages in conversation_validate(user=user, questions=questions, **arguments).items():
            errors.setdefault(key, []).extend(messages)
        raise ValidationError(errors)
    conversation = conversation_register(user=user, questions=questions, **arguments)
    if data.get("call_id"):
        # Started from a screen-pop: telephony keeps the link (waiting and transfers come from the call).
        from voorkant.telephony.screenpop import call_conversation_link

        call_conversation_link(call_id=data["call_id"], conversation=conversation)
    return conversation
