"""Reads for the follow-up screens: what the werkplek offers to follow up, the inboxes, one task."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from voorkant.contacts.models import Conversation, OutcomeCategory, Question, Transfer
from voorkant.followups.models import DomainQuestion, InternalTask
from voorkant.parties.models import AddressKind, DigitalAddress


def needs_followup(question_qs: QuerySet) -> QuerySet:
    """Questions with a follow-up outcome or a transfer that did not connect, and no follow-up yet."""
    failed_transfer = Transfer.objects.filter(question=OuterRef("pk"), connected=False)
    return (
        question_qs.filter(Q(outcome__category=OutcomeCategory.FOLLOW_UP) | Exists(failed_transfer))
        .exclude(Exists(InternalTask.objects.filter(question=OuterRef("pk"))))
        .order_by("pk")
    )


def next_question_to_follow_up(*, conversation: Conversation) -> Question | None:
    return needs_followup(Question.objects.filter(conversation=conversation)).first()


def failed_transfer_of(question: Question) -> Transfer | None:
    return (
        Transfer.objects.filter(question=question, connected=False)
        .select_related("target_actor__team__domain", "target_actor__domain")
        .order_by("-pk")
        .first()
    )


def contact_details_of(question: Question) -> dict[str, str]:
    """The phone number, e-mail address and name the caller gave with this question (or their party's)."""
    involvement = question.involvements.select_related("party").order_by("-is_initiator", "pk").first()
    if involvement is None:
        return {"contact_name": "", "contact_phone": "", "contact_email": ""}
    addresses = DigitalAddress.objects.filter(
        Q(involvement=involvement)
        | (Q(party_id=involvement.party_id) if involvement.party_id else Q(pk__in=[]))
    ).order_by("-involvement_id", "-is_default", "pk")
    phone = next((a.address for a in addresses if a.kind == AddressKind.PHONE), "")
    email = next((a.address for a in addresses if a.kind == AddressKind.EMAIL), "")
    parts = [involvement.first_name or involvement.initials, involvement.surname_prefix, involvement.surname]
    name = " ".join(p for p in parts if p) or involvement.organisation_name
    if not name and involvement.party is not None:
        name = str(involvement.party)
    return {"contact_name": name[:200], "contact_phone": phone[:30], "contact_email": email[:254]}


def domain_questions(*, domain_id: int | None) -> list[DomainQuestion]:
    if domain_id is None:
        return []
    return list(DomainQuestion.objects.filter(domain_id=domain_id, is_active=True).order_by("order", "id"))
