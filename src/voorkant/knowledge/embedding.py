"""Computing passage vectors: run by the knowledge_embed command or a job, never inside a request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.db import transaction

from voorkant.knowledge.models import KnowledgeItem, PassageVector
from voorkant.knowledge.search import semantic
from voorkant.knowledge.search.documents import index_counter_bump, passage_text

# Vectors of the shipped VAC passages, computed once with the same model: a cache keyed by text hash like the
# table, so a fresh installation does not spend minutes embedding texts whose vectors are known.
SEED_FILE = Path(__file__).resolve().parent / "data" / "passage-vectors-e5-small-q4.npz"


@dataclass
class EmbedResult:
    computed: int
    cached: int
    seconds: float
    seeded: int = 0


@lru_cache(maxsize=1)
def seed_vectors() -> dict[str, np.ndarray]:
    if not SEED_FILE.exists():
        return {}
    with np.load(SEED_FILE) as data:
        return dict(zip(data["hashes"].tolist(), data["vectors"].astype(np.float32), strict=True))


def seed_file_write(path: Path = SEED_FILE) -> int:
    """Write the vectors of every current VAC item's passage to the seed file (a maintainer's step)."""
    rows = PassageVector.objects.filter(
        model_name=semantic.MODEL_NAME,
        text_hash__in=KnowledgeItem.objects.filter(kind="vac").values("search_document__passage_hash"),
    ).order_by("text_hash")
    hashes = [row.text_hash for row in rows]
    vectors = np.stack([np.frombuffer(bytes(row.vector), dtype=np.float32) for row in rows])
    np.savez_compressed(path, hashes=np.array(hashes), vectors=vectors)
    return len(hashes)


def _store(pairs: list[tuple[str, np.ndarray]]) -> None:
    PassageVector.objects.bulk_create(
        [
            PassageVector(
                text_hash=text_hash,
                model_name=semantic.MODEL_NAME,
                vector=np.ascontiguousarray(vector, dtype=np.float32).tobytes(),
            )
            for text_hash, vector in pairs
        ],
        ignore_conflicts=True,
    )


def passage_vectors_compute(
    *, batch_size: int = 16, limit: int | None = None, use_seed: bool = True
) -> EmbedResult:
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
    seeds = seed_vectors() if use_seed else {}
    seeded = [(h, seeds[h]) for h in todo if h in seeds]
    _store(seeded)
    pending = [(h, text) for h, text in todo.items() if h not in seeds]
    pending = pending[:limit] if limit is not None else pending
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        vectors = semantic.embed_passages([text for _hash, text in batch])
        _store([(text_hash, vector) for (text_hash, _text), vector in zip(batch, vectors, strict=True)])
    if pending or seeded:
        # Workers reload their index (and with it the vectors) when the counter moves.
        with transaction.atomic():
            index_counter_bump()
    return EmbedResult(
        computed=len(pending), cached=cached, seconds=time.perf_counter() - started, seeded=len(seeded)
    )
