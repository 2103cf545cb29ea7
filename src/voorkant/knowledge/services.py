"""Every change to the kennisbank. Each service sanitises HTML, writes a version where content changed, and
rewrites the item's search row and raises the index counter in the same transaction, so an edit is
searchable from every worker as soon as it commits.

Kennisbank content is not personal data, so these services write no processing-log records; feedback text is
an agent's remark on an item and must not contain citizen data (the form says so).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from voorkant.jobs.services import enqueue
from voorkant.knowledge.models import (
    ArticleSection,
    FeedbackStatus,
    ItemKind,
    KnowledgeFeedback,
    KnowledgeItem,
    KnowledgeItemVersion,
    NewsReadReceipt,
    SynonymGroup,
)
from voorkant.knowledge.sanitize import sanitize_html
from voorkant.knowledge.search.documents import (
    index_counter_bump,
    search_document_write,
    search_documents_write,
)

CONTENT_FIELDS = (
    "title",
    "question",
    "body",
    "sections",
    "kcc_note",
    "link_url",
    "source_id",
    "source_url",
    "source_name",
    "owner_domain",
    "review_date",
    "is_published",
    "importance",
    "publish_at",
    "expires_at",
)
_HTML_FIELDS = ("body", "kcc_note")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for name in _HTML_FIELDS:
        if name in cleaned:
            cleaned[name] = sanitize_html(cleaned[name])
    if "sections" in cleaned:
        known = set(ArticleSection.values)
        cleaned["sections"] = {
            code: sanitize_html(html)
            for code, html in (cleaned["sections"] or {}).items()
            if code in known and html and html.strip()
        }
    for name in ("title", "question"):
        if name in cleaned and cleaned[name] is not None:
            cleaned[name] = " ".join(str(cleaned[name]).split())
    return cleaned


def _snapshot(item: KnowledgeItem) -> dict[str, Any]:
    return {
        "question": item.question,
        "body": item.body,
        "sections": item.sections,
        "kcc_note": item.kcc_note,
        "link_url": item.link_url,
    }


def _write_version(*, item: KnowledgeItem, user, actor_label: str, change_note: str) -> None:
    KnowledgeItemVersion.objects.create(
        item=item,
        number=item.version,
        title=item.title,
        content=_snapshot(item),
        author=user,
        author_label=actor_label or (user.get_username() if user is not None else ""),
        change_note=change_note[:300],
    )


def _vectors_wanted() -> None:
    """With the semantic layer on, a change queues the embedding job (once, however many items changed)."""
    if settings.KNOWLEDGE_SEMANTIC:
        from voorkant.knowledge.tasks import EMBED_TASK

        enqueue(EMBED_TASK, unique_key=EMBED_TASK)


@transaction.atomic
def item_create(
    *,
    kind: ItemKind | str,
    title: str,
    user=None,
    actor_label: str = "",
    change_note: str = "Aangemaakt",
    target_teams: Iterable | None = None,
    **content: Any,
) -> KnowledgeItem:
    """Create an item with its first version and its search row."""
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    values = _clean({"title": title, **content})
    item = KnowledgeItem.objects.create(kind=kind, version=1, **values)
    if target_teams is not None:
        item.target_teams.set(target_teams)
    _write_version(item=item, user=user, actor_label=actor_label, change_note=change_note)
    search_document_write(item=item, counter=index_counter_bump())
    _vectors_wanted()
    return item


@transaction.atomic
def item_update(
    *,
    item: KnowledgeItem,
    user=None,
    actor_label: str = "",
    change_note: str = "",
    target_teams: Iterable | None = None,
    **content: Any,
) -> bool:
    """Apply changed fields. Returns False (writing nothing) when nothing changed: imports stay idempotent."""
    unknown = set(content) - set(CONTENT_FIELDS) - {"kind"}
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    item = KnowledgeItem.objects.select_for_update().get(pk=item.pk)
    values = _clean(content)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    teams_changed = False
    if target_teams is not None:
        new_ids = {team.pk for team in target_teams}
        teams_changed = new_ids != set(item.target_teams.values_list("pk", flat=True))
    if not changed and not teams_changed:
        return False
    for name in changed:
        setattr(item, name, values[name])
    if set(changed) & {"title", *_snapshot(item).keys()}:
        item.version += 1
        _write_version(item=item, user=user, actor_label=actor_label, change_note=change_note or "Gewijzigd")
    item.save()
    if teams_changed:
        item.target_teams.set(target_teams)
    search_document_write(item=item, counter=index_counter_bump())
    _vectors_wanted()
    return True


@transaction.atomic
def item_delete(*, item: KnowledgeItem) -> None:
    item.delete()
    index_counter_bump()


@transaction.atomic
def item_mark_reviewed(*, item: KnowledgeItem, user, next_review: datetime.date) -> None:
    """The editor confirms the content is still right; the stale flag goes until the next review date."""
    KnowledgeItem.objects.filter(pk=item.pk).update(review_date=next_review, updated_at=timezone.now())
    item.review_date = next_review


def index_rebuild(*, batch_size: int = 1000) -> int:
    """Rewrite every item's search row (after a change to the analysis). Returns the number of items.

    Rows are written in batches (search_documents_write), all in one transaction under one counter value,
    so workers never load a half-rewritten index.
    """
    count = 0
    with transaction.atomic():
        counter = index_counter_bump()
        batch: list[KnowledgeItem] = []
        for item in KnowledgeItem.objects.order_by("pk").iterator(chunk_size=batch_size):
            batch.append(item)
            if len(batch) == batch_size:
                count += search_documents_write(items=batch, counter=counter)
                batch = []
        if batch:
            count += search_documents_write(items=batch, counter=counter)
    return count


@transaction.atomic
def news_mark_read(*, item: KnowledgeItem, user) -> NewsReadReceipt:
    receipt, _ = NewsReadReceipt.objects.get_or_create(item=item, user=user)
    return receipt


@transaction.atomic
def feedback_submit(*, item: KnowledgeItem, user, quote: str, comment: str) -> KnowledgeFeedback:
    """An agent reports what is wrong with an item; it lands on the editors' list."""
    return KnowledgeFeedback.objects.create(
        item=item, author=user, quote=quote.strip(), comment=comment.strip()
    )


@transaction.atomic
def feedback_resolve(*, feedback: KnowledgeFeedback, user, status: FeedbackStatus | str) -> KnowledgeFeedback:
    feedback.status = status
    feedback.handled_by = user
    feedback.handled_at = timezone.now()
    feedback.save(update_fields=["status", "handled_by", "handled_at"])
    return feedback


@transaction.atomic
def synonym_group_save(*, terms: str, note: str = "", group: SynonymGroup | None = None) -> SynonymGroup:
    """Create or change a synonym group; the counter makes every worker pick it up."""
    group = group or SynonymGroup()
    group.terms = "\n".join(t for t in (s.strip() for s in terms.replace(",", "\n").splitlines()) if t)
    group.note = note.strip()
    group.save()
    index_counter_bump()
    return group


@transaction.atomic
def synonym_group_delete(*, group: SynonymGroup) -> None:
    group.delete()
    index_counter_bump()
