"""Derive a question's fact row (dimension keys, counted flags, customer keys) from the raw contact tables.

This module and the rebuild are the only places in the dashboard that read the question tables; they run in
jobs and management commands, never in a dashboard request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.crypto import salted_hmac

from voorkant.contacts.models import Involvement, Question
from voorkant.organisation.models import TeamMembership
from voorkant.parties.models import AddressKind, DigitalAddress

REPEAT_WINDOW_DAYS = 7


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def phone_key(normalized: str) -> str:
    """A keyed hash of an E.164 number: equal numbers match, the number itself is not stored."""
    return salted_hmac("voorkant.dashboard.phone", normalized, algorithm="sha256").hexdigest()


def _questions(ids: Iterable[int]):
    first_question = (
        Question.objects.filter(conversation_id=OuterRef("conversation_id")).order_by("id").values("id")[:1]
    )
    phones = DigitalAddress.objects.filter(kind=AddressKind.PHONE).order_by("normalized")
    return (
        Question.objects.filter(id__in=list(ids))
        .select_related("conversation", "outcome", "product", "conversation__agent")
        .annotate(first_question_id=Subquery(first_question))
        .prefetch_related(
            "transfers",
            Prefetch(
                "involvements",
                queryset=Involvement.objects.order_by("id").prefetch_related(
                    Prefetch("digital_addresses", queryset=phones, to_attr="phones")
                ),
            ),
        )
    )


def _teams_by_employee(employee_ids: set[int]) -> dict[int, tuple[int, int]]:
    """The team (and its domain) an agent's questions count for: front-office team first, else the oldest."""
    result: dict[int, tuple[int, int]] = {}
    memberships = (
        TeamMembership.objects.filter(employee_id__in=employee_ids)
        .select_related("team")
        .order_by("-team__is_front_office", "team_id")
    )
    for membership in memberships:
        result.setdefault(membership.employee_id, (membership.team_id, membership.team.domain_id))
    return result


def facts_for_questions(ids: Iterable[int]) -> list[dict]:
    """Fact values for each existing question among ids (missing ids are simply absent)."""
    questions = list(_questions(ids))
    agents = [q.conversation.agent for q in questions if q.conversation.agent_id]
    teams = _teams_by_employee({a.employee_id for a in agents if a.employee_id})
    zone = local_zone()
    facts = []
    for q in questions:
        local = q.occurred_at.astimezone(zone)
        agent = q.conversation.agent
        team_id, team_domain_id = 0, 0
        if agent is not None:
            if agent.team_id:
                team_id = agent.team_id
                team_domain_id = agent.team.domain_id
            elif agent.employee_id in teams:
                team_id, team_domain_id = teams[agent.employee_id]
        domain_id = (q.product.owner_domain_id if q.product_id else None) or team_domain_id or 0
        transfers = list(q.transfers.all())
        involvements = list(q.involvements.all())
        party_id = next((i.party_id for i in involvements if i.party_id), None)
        numbers = sorted(a.normalized for i in involvements for a in i.phones if a.normalized)
        attributed = q.first_question_id == q.id
        handling = 0
        if attributed:
            handling = max(0, int((q.conversation.ended_at - q.conversation.started_at).total_seconds()))
        facts.append(
            {
                "question_id": q.id,
                "conversation_id": q.conversation_id,
                "occurred_at": q.occurred_at,
                "date": local.date(),
                "hour": local.hour,
                "weekday": local.weekday(),
                "channel_id": q.channel_id,
                "domain_id": domain_id,
                "product_id": q.product_id or 0,
                "team_id": team_id,
                "outcome_category": q.outcome.category,
                "transfers": len(transfers),
                "transfers_connected": sum(1 for t in transfers if t.connected),
                "transfers_right_person": sum(1 for t in transfers if t.reached_right_person),
                "answer_found": bool(q.answer_found or q.knowledge_item_id),
                "knowledge_linked": q.knowledge_item_id is not None,
                "handling_attributed": attributed,
                "handling_seconds": handling,
                "party_id": party_id,
                "phone_hash": phone_key(numbers[0]) if numbers else "",
            }
        )
    return facts


def within_window(earlier, later) -> bool:
    """Day 0 up to and including day 7 after an earlier contact counts as a repeat; day 8 does not."""
    return timedelta(0) <= later - earlier <= timedelta(days=REPEAT_WINDOW_DAYS)
