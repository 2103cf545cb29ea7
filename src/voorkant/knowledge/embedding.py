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
from voorkant.knowledge.search.documents import index_counter_bump, passage_text, question_hash, title_text

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
def seed_vectors() -> dict[str, dict[str, np.ndarray]]:
    """The shipped vectors per model name and text hash (passages, and questions when the file has them)."""
    if not SEED_FILE.exists():
        return {}
    seeds: dict[str, dict[str, np.ndarray]] = {}
    with np.load(SEED_FILE) as data:
        seeds[semantic.MODEL_NAME] = dict(
            zip(data["hashes"].tolist(), data["vectors"].astype(np.float32), strict=True)
        )
        if "question_hashes" in data:
            seeds[semantic.QUESTION_MODEL_NAME] = dict(
                zip(
                    data["question_hashes"].tolist(), data["question_vectors"].astype(np.float32), strict=True
                )
            )
    return seeds


def _stored(model_name: str, hashes) -> tuple[list[str], np.ndarray]:
    rows = PassageVector.objects.filter(model_name=model_name, text_hash__in=hashes).order_by("text_hash")
    found = [(row.text_hash, np.frombuffer(bytes(row.vector), dtype=np.float32)) for row in rows]
    return [h for h, _v in found], np.stack([v for _h, v in found])


def seed_file_write(path: Path = SEED_FILE) -> int:
    """Write every current VAC item's passage and question vectors to the seed file (a maintainer's step)."""
    vac = KnowledgeItem.objects.filter(kind="vac")
    hashes, vectors = _stored(semantic.MODEL_NAME, vac.values("search_document__passage_hash"))
    question_hashes, question_vectors = _stored(
        semantic.QUESTION_MODEL_NAME,
        [question_hash(i.title, i.question) for i in vac.only("title", "question")],
    )
    np.savez_compressed(
        path,
        hashes=np.array(hashes),
        vectors=vectors,
        question_hashes=np.array(question_hashes),
        question_vectors=question_vectors,
    )
    return len(hashes) + len(question_hashes)


def _store(model_name: str, pairs: list[tuple[str, np.ndarray]]) -> None:
    PassageVector.objects.bulk_create(
        [
            PassageVector(
                text_hash=text_hash,
                model_name=model_name,
                vector=np.ascontiguousarray(vector, dtype=np.float32).tobytes(),
            )
            for text_hash, vector in pairs
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


def passage_vectors_compute(
    *, batch_size: int = 16, limit: int | None = None, use_seed: bool = True
) -> EmbedResult:
    """Embed every item whose passage or question has no cached vector yet; unchanged text is never embedded
    again. `limit` caps the number of new vectors of each kind computed in this run."""
    started = time.perf_counter()
    embedders = {
        semantic.MODEL_NAME: semantic.embed_passages,
        semantic.QUESTION_MODEL_NAME: semantic.embed_questions,
    }
    known = {
        name: set(PassageVector.objects.filter(model_name=name).values_list("text_hash", flat=True))
        for name in embedders
    }
    todo: dict[str, dict[str, str]] = {name: {} for name in embedders}
    cached = 0
    items = KnowledgeItem.objects.select_related("search_document").filter(search_document__isnull=False)
    for item in items.iterator(chunk_size=500):
        document = item.search_document
        wanted = {
            semantic.MODEL_NAME: (document.passage_hash, passage_text(item, document.plain_text)),
            semantic.QUESTION_MODEL_NAME: (
                question_hash(item.title, item.question),
                title_text(item.title, item.question),
            ),
        }
        for name, (text_hash, text) in wanted.items():
            if text_hash in known[name]:
                cached += 1
            elif text_hash not in todo[name]:
                todo[name][text_hash] = text
    seeds = seed_vectors() if use_seed else {}
    computed = seeded = 0
    for name, embed in embedders.items():
        seed = seeds.get(name, {})
        from_seed = [(h, seed[h]) for h in todo[name] if h in seed]
        _store(name, from_seed)
        seeded += len(from_seed)
        pending = [(h, text) for h, text in todo[name].items() if h not in seed]
        pending = pending[:limit] if limit is not None else pending
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            vectors = embed([text for _hash, text in batch])
            _store(
                name, [(text_hash, vector) for (text_hash, _text), vector in zip(batch, vectors, strict=True)]
            )
        computed += len(pending)
    if computed or seeded:
        # Workers reload their index (and with it the vectors) when the counter moves.
        with transaction.atomic():
            index_counter_bump()
    return EmbedResult(computed=computed, cached=cached, seconds=time.perf_counter() - started, seeded=seeded)
