"""What of an item is searchable, and writing its analysed row. Called by every service that changes items."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db.models import F

from voorkant.knowledge.models import ItemKind, KnowledgeItem, SearchDocument, SearchIndexState
from voorkant.knowledge.search.analysis import analyse, html_to_text

# Passages for the embedding model: e5-small reads at most 512 tokens, and the opening of an item says
# what it is about; a longer passage costs embedding time without adding much.
PASSAGE_CHARS = 1200


def title_text(title: str, question: str) -> str:
    """Title plus, when it differs, the question an item answers (how a resident asks it)."""
    parts = [title]
    if question and question.strip() != title.strip():
        parts.append(question)
    return "\n".join(parts)


def item_title_text(item: KnowledgeItem) -> str:
    return title_text(item.title, item.question)


def question_hash(title: str, question: str) -> str:
    """Cache key of an item's question vector (its title text embedded on the model's query side)."""
    return text_hash(title_text(title, question))


def item_plain_text(item: KnowledgeItem) -> str:
    """The public text of an item. The KCC note is left out: snippets and the API must never carry it."""
    parts = [html_to_text(item.body)] if item.body else []
    for _code, label, html in item.public_sections():
        parts.append(f"{label}: {html_to_text(html)}")
    if item.kind == ItemKind.LINK and item.link_url:
        parts.append(item.link_url)
    return "\n".join(p for p in parts if p)


def passage_text(item: KnowledgeItem, plain_text: str) -> str:
    return f"{item_title_text(item)}\n{plain_text}"[:PASSAGE_CHARS]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def index_counter_bump() -> int:
    """Raise the index counter inside the caller's transaction and return the new value.

    The row lock this takes orders concurrent changes, so counter order is commit order and a worker that
    loads "changed since N" misses nothing.
    """
    updated = SearchIndexState.objects.filter(pk=1).update(counter=F("counter") + 1)
    if not updated:
        SearchIndexState.objects.get_or_create(pk=1, defaults={"counter": 1})
    return SearchIndexState.objects.values_list("counter", flat=True).get(pk=1)


def _document_values(item: KnowledgeItem, counter: int) -> dict:
    plain = item_plain_text(item)
    return {
        "title_terms": " ".join(analyse(item_title_text(item))),
        "body_terms": " ".join(analyse(plain)),
        "plain_text": plain,
        "passage_hash": text_hash(passage_text(item, plain)),
        "changed_in": counter,
    }


def search_document_write(*, item: KnowledgeItem, counter: int) -> SearchDocument:
    document, _ = SearchDocument.objects.update_or_create(item=item, defaults=_document_values(item, counter))
    return document


def search_documents_write(*, items: Sequence[KnowledgeItem], counter: int) -> int:
    """Write the search rows of many items at once, inside the caller's transaction; returns the count.

    One DELETE and one multi-row INSERT per call instead of two or three queries per item: rewriting 10,000
    rows one `update_or_create` at a time took minutes. Nothing refers to a SearchDocument's own id, so
    replacing a row is the same as updating it, and readers see the swap only at commit.
    """
    documents = [SearchDocument(item=item, **_document_values(item, counter)) for item in items]
    SearchDocument.objects.filter(item__in=[item.pk for item in items]).delete()
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    return len(documents)
