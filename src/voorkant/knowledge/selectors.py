"""Reads for the kennisbank screens: lists for editors, news for an agent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from voorkant.knowledge.models import (
    FeedbackStatus,
    ItemKind,
    KnowledgeFeedback,
    KnowledgeItem,
    NewsImportance,
    NewsReadReceipt,
)


def items_for_editor(*, stale_only: bool = False, kind: str = "") -> QuerySet[KnowledgeItem]:
    items = KnowledgeItem.objects.select_related("owner_domain").order_by("title")
    if stale_only:
        items = items.filter(review_date__lt=timezone.localdate())
    if kind:
        items = items.filter(kind=kind)
    return items


def news_for_user(*, user) -> QuerySet[KnowledgeItem]:
    """Published, current news for the user's teams (or for everyone), newest first, with a read flag."""
    now = timezone.now()
    team_ids = list(user.employee.teams.values_list("pk", flat=True) if hasattr(user, "employee") else [])
    return (
        KnowledgeItem.objects.filter(kind=ItemKind.NEWS, is_published=True)
        .filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .filter(Q(target_teams__isnull=True) | Q(target_teams__in=team_ids))
        .distinct()
        .annotate(is_read=Exists(NewsReadReceipt.objects.filter(item=OuterRef("pk"), user=user)))
        .order_by("-publish_at", "-created_at")
    )


def important_unread_news(*, user) -> QuerySet[KnowledgeItem]:
    """For the agent's start page: important news this user has not read yet."""
    return news_for_user(user=user).filter(importance=NewsImportance.IMPORTANT, is_read=False)


def open_feedback() -> QuerySet[KnowledgeFeedback]:
    return KnowledgeFeedback.objects.filter(status=FeedbackStatus.OPEN).select_related("item", "author")


def synonym_alternatives(*, text: str) -> list[str]:
    """Other words for what was typed, from the one synonym list the kennisbank search also uses.

    For a type-ahead: a group applies when the typed text is the start of one of its terms or contains a
    whole term ("id" → "id-kaart" → also "identiteitskaart"). Lower-cased, without the typed text itself.
    """
    from voorkant.knowledge.models import SynonymGroup

    groups = [[t.lower() for t in group.term_list()] for group in SynonymGroup.objects.all()]
    return synonym_alternatives_among(text=text, groups=groups)


def synonym_alternatives_among(*, text: str, groups: Iterable[Sequence[str]]) -> list[str]:
    """``synonym_alternatives`` over groups already loaded (lower-cased terms), for the product type-ahead's
    in-memory index: one rule, whether the groups come from the database now or from a process's copy."""
    typed = " ".join(text.lower().split())
    if len(typed) < 2:
        return []
    alternatives: list[str] = []
    for terms in groups:
        if any(term.startswith(typed) or term in typed for term in terms):
            alternatives.extend(t for t in terms if t != typed and t not in alternatives)
    return alternatives
