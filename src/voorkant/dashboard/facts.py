"""Derive a question's fact row (dimension keys, counted flags, customer keys) from the raw contact tables.

This module and the rebuild are the only places in the dashboard that read the question tables; they run in
jobs and management commands, never in a dashboard request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.crypto import salted_hmac

from voorkant.contacts.models import Involvement, Question, Transfer
from voorkant.organisation.models import TeamMembership
from voorkant.parties.models import AddressKind, DigitalAddress

REPEAT_WINDOW_DAYS = 7


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def phone_key(normalized: str) -> str:
    """A keyed hash of an E.164 number: equal numbers match, the number itself is not stored."""
    return salted_hmac("voorkant.dashboard.phone", normalized, algorithm="sha256").hexdigest()


QUESTION_COLUMNS = (
    "id",
    "conversation_id",
    "occurred_at",
    "channel_id",
    "product_id",
    "product__owner_domain_id",
    "outcome__category",
    "knowledge_item_id",
    "answer_found",
    "conversation__started_at",
    "conversation__ended_at",
    "conversation__agent__team_id",
    "conversation__agent__team__domain_id",
    "conversation__agent__employee_id",
    "first_question_id",
)


def _teams_by_employee(employee_ids: set[int]) -> dict[int, tuple[int, int]]:
    """The team (and its domain) an agent's questions count for: front-office team first, else the oldest."""
    result: dict[int, tuple[int, int]] = {}
    memberships = (
        TeamMembership.objects.filter(employee_id__in=employee_ids)
        .order_by("-team__is_front_office", "team_id")
        .values_list("employee_id", "team_id", "team__domain_id")
    )
    for employee_id, team_id, domain_id in memberships:
        result.setdefault(employee_id, (team_id, domain_id))
    return result


def facts_for_questions(ids: Iterable[int]) -> list[dict]:
    """Fact values for each existing question among ids (missing ids are simply absent).

    Reads plain values in six queries whatever the number of questions, so the incremental path and the
    rebuild share this code without the rebuild paying for model instances.
    """
    ids = list(ids)
    first_question = (
        Question.objects.filter(conversation_id=OuterRef("conversation_id")).order_by("id").values("id")[:1]
    )
    rows = list(
        Question.objects.filter(id__in=ids)
        .annotate(first_question_id=Subquery(first_question))
        .values_list(*QUESTION_COLUMNS)
    )
    transfers: dict[int, list[tuple[bool, bool | None]]] = defaultdict(list)
    for question_id, connected, right in Transfer.objects.filter(question_id__in=ids).values_list(
        "question_id", "connected", "reached_right_person"
    ):
        transfers[question_id].append((connected, right))
    parties: dict[int, int] = {}
    for question_id, party_id in (
        Involvement.objects.filter(question_id__in=ids, party__isnull=False)
        .order_by("id")
        .values_list("question_id", "party_id")
    ):
        parties.setdefault(question_id, party_id)
    phones: dict[int, str] = {}
    for question_id, number in (
        DigitalAddress.objects.filter(involvement__question_id__in=ids, kind=AddressKind.PHONE)
        .exclude(normalized="")
        .order_by("normalized")
        .values_list("involvement__question_id", "normalized")
    ):
        phones.setdefault(question_id, number)
    # A conversation started from a telephony screen-pop is linked to its call: then the call's talk time is
    # the handling time, and its transfers count when it saw any (one definition: telephony wins).
    from voorkant.telephony.models import CallConversation

    calls = {
        conversation_id: (talk, transfer_count)
        for conversation_id, talk, transfer_count in CallConversation.objects.filter(
            conversation_id__in={row[1] for row in rows}
        ).values_list("conversation_id", "call__talk_seconds", "call__transfer_count")
    }
    teams = _teams_by_employee({row[13] for row in rows if row[13]})
    zone = local_zone()
    facts = []
    for (
        question_id,
        conversation_id,
        occurred_at,
        channel_id,
        product_id,
        owner_domain_id,
        category,
        knowledge_item_id,
        answer_found,
        started_at,
        ended_at,
        agent_team_id,
        agent_team_domain_id,
        employee_id,
        first_question_id,
    ) in rows:
        local = occurred_at.astimezone(zone)
        if agent_team_id:
            team_id, team_domain_id = agent_team_id, agent_team_domain_id
        else:
            team_id, team_domain_id = teams.get(employee_id, (0, 0))
        attributed = first_question_id == question_id
        own_transfers = transfers.get(question_id, [])
        handling = max(0, int((ended_at - started_at).total_seconds())) if attributed else 0
        transfer_count = len(own_transfers)
        call = calls.get(conversation_id)
        if call is not None and attributed:
            handling = int(call[0])
            transfer_count = call[1] if call[1] else transfer_count
        facts.append(
            {
                "question_id": question_id,
                "conversation_id": conversation_id,
                "occurred_at": occurred_at,
                "date": local.date(),
                "hour": local.hour,
                "weekday": local.weekday(),
                "channel_id": channel_id,
                "domain_id": owner_domain_id or team_domain_id or 0,
                "product_id": product_id or 0,
                "team_id": team_id,
                "employee_id": employee_id or 0,
                "outcome_category": category,
                "transfers": transfer_count,
                "transfers_connected": min(transfer_count, sum(1 for c, _ in own_transfers if c)),
                "transfers_right_person": min(transfer_count, sum(1 for _, r in own_transfers if r)),
                "answer_found": bool(answer_found or knowledge_item_id),
                "knowledge_linked": knowledge_item_id is not None,
                "handling_attributed": attributed,
                "handling_seconds": handling,
                "party_id": parties.get(question_id),
                "phone_hash": phone_key(phones[question_id]) if question_id in phones else "",
            }
        )
    return facts


def within_window(earlier, later) -> bool:
    """Day 0 up to and including day 7 after an earlier contact counts as a repeat; day 8 does not."""
    return timedelta(0) <= later - earlier <= timedelta(days=REPEAT_WINDOW_DAYS)
