"""Computing passage vectors: run by the knowledge_embed command or a job, never inside a request."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from voorkant.knowledge.models import KnowledgeItem, PassageVector
from voorkant.knowledge.search import semantic
from voorkant.knowledge.search.documents import index_counter_bump, passage_text


@dataclass
class EmbedResult:
    computed: int
    cached: int
    seconds: float


def passage_vectors_compute(*, batch_size: int = 16, limit: int | None = None) -> EmbedResult:
    """Embed every item whose passage has no cached vector yet; unchanged text is never embedded again."""
    started = time.perf_counter()
    known = set(
        PassageVector.objects.filter(model_name=semantic.MODEL_NAME).values_list("text_hash", flat=True)
    )
    todo: dict[str, str] = {}
    cached = 0
    items = KnowledgeItem.objects.select_related("search_document").filter(search_document__isnull=False)
    for item in items.iterator(chunk_size=500):
        document = item.search_document
        if document.passage_hash in known:
            cached += 1
        elif document.passage_hash not in todo:
            todo[document.passage_hash] = passage_text(item, document.plain_text)
    pending = list(todo.items())[:limit] if limit is not None else list(todo.items())
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        vectors = semantic.embed_passages([text for _hash, text in batch])
        PassageVector.objects.bulk_create(
            [
                PassageVector(
                    text_hash=text_hash,
                    model_name=semantic.MODEL_NAME,
                    vector=np.ascontiguousarray(vector, dtype=np.float32).tobytes(),
                )
                for (text_hash, _text), vector in zip(batch, vectors, strict=True)
            ],
            ignore_conflicts=True,
        )
    if pending:
        # Workers reload their index (and with it the vectors) when the counter moves.
        with transaction.atomic():
            index_counter_bump()
    return EmbedResult(computed=len(pending), cached=cached, seconds=time.perf_counter() - started)
