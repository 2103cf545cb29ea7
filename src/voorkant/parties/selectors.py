"""Reads about parties: the caller search, the caller card and a party's contact history.

Citizen data is read only through `voorkant.privacy.access`. Nothing here writes the processing log: searching
is not logged, opening a result is (see `services`).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from voorkant.parties.identifiers import phone_display, validate_bsn
from voorkant.parties.models import AddressKind, DigitalAddress, IdentifierType, Party, PartyIdentifier
from voorkant.parties.search import (
    MAX_HITS,
    CallerHit,
    CallerSearchResult,
    QueryKind,
    brp_person,
    caller_search,
    party_hit,
    person_complete,
)
from voorkant.privacy.access import visible_parties, visible_questions

__all__ = [
    "MAX_HITS",
    "BRP_NOTICE",
    "CallerHit",
    "CallerSearchResult",
    "QueryKind",
    "brp_person",
    "caller_card",
    "caller_search",
    "party_addresses",
    "party_bsn",
    "party_history",
    "questions_in_order",
]

RECENT_QUESTIONS = 5
BRP_NOTICE = (
    "Gegevens uit de BRP zijn alleen bedoeld om te controleren wie u spreekt. "
    "Geef ze nooit door aan de klant of aan anderen."
)


# --- Caller card and history ------------------------------------------------------------------------------


def party_bsn(*, party: Party) -> str | None:
    return (
        PartyIdentifier.objects.filter(party=party, identifier_type=IdentifierType.BSN)
        .values_list("value", flat=True)
        .first()
    )


def party_history(*, user, party: Party) -> QuerySet:
    """Ids of every question the party was involved in, newest first, read on involvement_party_time_idx.

    Paginate this, then load the page with `questions_in_order`: joining the reference tables in the same
    statement as the visibility restriction made PostgreSQL spend ~40 ms planning, against ~1 ms in two steps.
    """
    from voorkant.contacts.models import Involvement

    return (
        Involvement.objects.filter(party=party, question__in=visible_questions(user))
        .order_by("-occurred_at", "-pk")
        .values_list("question_id", flat=True)
    )


def questions_in_order(question_ids) -> list:
    """The questions with what a history row shows, in the order of the ids (each question once)."""
    from voorkant.contacts.models import Question

    ids = list(dict.fromkeys(question_ids))
    # answer_count: the row offers to open the stored protocol answers (opening them is logged).
    # conversation__call_link__call: the telephone call the conversation was (screen-pop), for the waiting
    # the customer lived across transfers; a LEFT JOIN, so the page stays one query.
    by_id = (
        Question.objects.select_related(
            "channel", "outcome", "product", "conversation__agent", "conversation__call_link__call"
        )
        .annotate(answer_count=Count("answers"))
        .in_bulk(ids)
    )
    return [by_id[pk] for pk in ids if pk in by_id]


def party_addresses(*, party: Party) -> dict[str, list[dict]]:
    """The contact details the party agreed to keep, for display."""
    phones, emails = [], []
    for address in DigitalAddress.objects.filter(party=party).order_by("-is_default", "kind", "pk"):
        if address.kind == AddressKind.PHONE:
            phones.append({"display": phone_display(address.normalized), "is_default": address.is_default})
        elif address.kind == AddressKind.EMAIL:
            emails.append({"display": address.normalized, "is_default": address.is_default})
    return {"phones": phones, "emails": emails}


def _open_followups(*, user, party) -> list[str]:
    if party is None:
        return []
    from voorkant.followups.selectors import followups_of_party

    lines = []
    for task in followups_of_party(user=user, party=party):
        if task.resolved_at is None:
            due = timezone.localtime(task.deadline_at)
            lines.append(f"{task.number} · {task.question.subject} · uiterlijk {due:%d-%m %H:%M}")
    return lines


def caller_card(
    *, user, party_uuid: uuid.UUID | None = None, bsn: str | None = None, draft_uuid: uuid.UUID | None = None
) -> dict:
    """Everything the workspace's left panel shows about the chosen caller.

    Rendered by the template parties/partials/caller_card.html (context variable `card`).

    Raises ValidationError (Dutch) when the party is not visible to the user or the BSN is unknown. The card
    carries the BSN only masked; revealing it is a separate, logged POST.
    """
    party = None
    if party_uuid is not None:
        party = visible_parties(user).filter(uuid=party_uuid).first()
        if party is None:
            raise ValidationError("Deze klant bestaat niet of u mag deze klant niet inzien.")
        bsn = party_bsn(party=party)
    elif bsn:
        bsn = validate_bsn(bsn)
        party = (
            visible_parties(user)
            .filter(identifiers__identifier_type=IdentifierType.BSN, identifiers__value=bsn)
            .first()
        )
    else:
        raise ValidationError("Geef een klant of een BSN op.")
    person = brp_person(bsn)
    if party is None and person is None:
        raise ValidationError("Dit BSN staat niet in de BRP. Controleer het nummer met de klant.")

    hit = party_hit(party) if party else CallerHit(display_name="")
    hit.bsn = bsn or ""
    if person is not None:
        person_complete(hit, person)
    recent, count = [], 0
    if party is not None:
        history = party_history(user=user, party=party)
        count = history.count()
        recent = questions_in_order(history[:RECENT_QUESTIONS])
    reveal_url = ""
    if bsn and user.has_perm("organisation.reveal_bsn"):
        if party is not None:
            reveal_url = reverse("parties:reveal_bsn", args=[party.uuid])
        elif draft_uuid is not None:
            reveal_url = reverse("parties:reveal_draft_bsn", args=[draft_uuid])
    return {
        "party": party,
        "party_uuid": party.uuid if party else None,
        "source": hit.source,
        "display_name": hit.display_name,
        "birth_date": hit.birth_date,
        "bsn_masked": hit.bsn_masked,
        "has_bsn": bool(bsn),
        "reveal_url": reveal_url,
        "address_line": hit.address_line,
        "warnings": hit.warnings,
        "is_confidential": bool(person.geheimhouding if person else party.is_confidential_address),
        "is_deceased": bool(person and person.overleden),
        "in_brp": person is not None,
        "brp_notice": BRP_NOTICE,
        **(party_addresses(party=party) if party else {"phones": [], "emails": []}),
        "contact_count": count,
        "recent_questions": recent,
        "klantbeeld_url": reverse("parties:klantbeeld", args=[party.uuid]) if party else "",
        "open_followups": _open_followups(user=user, party=party),
    }
