"""Answering a query against the compiled index: expansion (typos, compounds, synonyms), BM25F, fusion."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils import timezone

from voorkant.knowledge.models import ItemKind
from voorkant.knowledge.search import semantic
from voorkant.knowledge.search.analysis import STOPWORDS, stem, words
from voorkant.knowledge.search.index import Compiled, DocMeta, Params, get_index
from voorkant.knowledge.search.snippets import highlight


@dataclass
class Hit:
    meta: DocMeta
    score: float
    lexical: float
    dense: float | None
    snippet: str = ""


@dataclass
class Query:
    """A query's weighted terms and the stems to highlight."""

    weights: dict[str, float]
    corrections: dict[str, str]


def _decompound(word: str, compiled: Compiled) -> list[str]:
    """Split an unknown compound into two known words (gemeentebelasting → gemeente + belasting)."""
    best: list[str] = []
    best_df = 0
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        for head in (left, left[:-1] if left.endswith("s") else None):
            if not head:
                continue
            parts = [stem(head), stem(right)]
            if all(p in compiled.df for p in parts):
                weakest = min(compiled.df[p] for p in parts)
                if weakest > best_df:
                    best, best_df = parts, weakest
    return best


def parse(text: str, compiled: Compiled, params: Params) -> Query:
    weights: dict[str, float] = {}
    corrections: dict[str, str] = {}
    resolved: list[str] = []

    def add(term: str, weight: float) -> None:
        if weight > weights.get(term, 0.0):
            weights[term] = weight

    for word in words(text):
        if word in STOPWORDS:
            continue
        term = stem(word)
        if term in compiled.df:
            add(term, 1.0)
            resolved.append(term)
            continue
        parts = _decompound(word, compiled)
        if parts:
            for part in parts:
                add(part, params.decompound_weight)
            resolved.extend(parts)
            continue
        close = compiled.typos.candidates(term, compiled.df)
        if close:
            corrections[word] = close[0]
            for candidate in close:
                add(candidate, params.typo_weight)
            resolved.append(close[0])
        else:
            resolved.append(term)  # unknown everywhere; may still match a synonym
    for group in compiled.synonyms:
        if any(_contains(resolved, alt) for alt in group):
            for alt in group:
                for term in alt:
                    add(
                        term,
                        params.synonym_weight if not _contains(resolved, alt) else weights.get(term, 1.0),
                    )
    return Query(weights=weights, corrections=corrections)


def _contains(sequence: list[str], part: tuple[str, ...]) -> bool:
    n = len(part)
    return n > 0 and any(tuple(sequence[i : i + n]) == part for i in range(len(sequence) - n + 1))


def lexical_scores(query: Query, compiled: Compiled) -> np.ndarray:
    scores = np.zeros(compiled.size, dtype=np.float32)
    for term, weight in query.weights.items():
        posting = compiled.postings.get(term)
        if posting is None:
            continue
        positions, partial = posting
        scores[positions] += np.float32(weight * compiled.idf(term)) * partial
    return scores


def _visible(meta: DocMeta, *, kinds, domain_id, now, include_unpublished) -> bool:
    if not meta.is_published and not include_unpublished:
        return False
    if kinds and meta.kind not in kinds:
        return False
    if domain_id is not None and meta.domain_id != domain_id:
        return False
    if meta.kind == ItemKind.NEWS and not include_unpublished:
        if meta.publish_at and meta.publish_at > now:
            return False
        if meta.expires_at and meta.expires_at <= now:
            return False
    return True


def search(
    text: str,
    *,
    kinds: list[str] | None = None,
    domain_id: int | None = None,
    limit: int = 10,
    use_semantic: bool | None = None,
    include_unpublished: bool = False,
    with_snippets: bool = True,
    alpha: float | None = None,
) -> list[Hit]:
    """Ranked items for a query. Lexical always; fused with the semantic layer when it is switched on."""
    index = get_index()
    compiled = index.compiled
    params = index.params
    if not text.strip() or compiled.size == 0:
        return []
    query = parse(text, compiled, params)
    lexical = lexical_scores(query, compiled)
    combined = lexical
    dense = None
    if use_semantic is None:
        use_semantic = semantic.is_enabled()
    if use_semantic:
        dense = semantic.dense_scores(text, compiled)
        if dense is not None:
            combined = semantic.fuse(lexical, dense, alpha=semantic.ALPHA if alpha is None else alpha)
    candidates = np.flatnonzero(combined > 0)
    # Sort by score, then by position (item id order) so ties rank the same everywhere.
    ordered = candidates[np.lexsort((candidates, -combined[candidates]))]
    now = timezone.now()
    hits: list[Hit] = []
    terms = set(query.weights)
    for position in ordered:
        meta = compiled.metas[position]
        if not _visible(
            meta, kinds=kinds, domain_id=domain_id, now=now, include_unpublished=include_unpublished
        ):
            continue
        hits.append(
            Hit(
                meta=meta,
                score=float(combined[position]),
                lexical=float(lexical[position]),
                dense=None if dense is None else float(dense[position]),
                snippet=highlight(meta.plain_text, terms) if with_snippets else "",
            )
        )
        if len(hits) >= limit:
            break
    return hits


def highlight_title(meta: DocMeta, text: str) -> str:
    """The title with query words marked (escaped), for result lists."""
    compiled = get_index().compiled
    query = parse(text, compiled, get_index().params)
    return highlight(meta.title, set(query.weights), window=200)
