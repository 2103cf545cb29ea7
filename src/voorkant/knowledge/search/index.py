"""The in-memory index each process holds, refreshed when the database's index counter moves.

Rows of analysed terms (SearchDocument) are the truth in the database; a process loads them once, then on each
search reads only the counter (one small query) and reloads just the rows changed since the value it holds.
Scoring is BM25F over two fields (title + question, body) and runs on numpy arrays so a query over 10,000
items costs a few milliseconds. The same code and data give the same ranking on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from voorkant.knowledge.models import ItemKind, KnowledgeItem, SearchDocument, SearchIndexState, SynonymGroup
from voorkant.knowledge.search.analysis import analyse
from voorkant.knowledge.search.typos import TypoCorrector

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Params:
    """Ranking parameters; chosen on the tuning half of the quality set only (see docs/knowledge.md)."""

    title_weight: float = 2.5
    body_weight: float = 1.0
    k1: float = 1.2
    b_title: float = 0.5
    b_body: float = 0.75
    synonym_weight: float = 0.8
    typo_weight: float = 0.8
    decompound_weight: float = 0.8


@dataclass
class DocMeta:
    item_id: int
    uuid: str
    kind: str
    title: str
    question: str
    source_id: str
    source_url: str
    domain_id: int | None
    is_published: bool
    publish_at: object
    expires_at: object
    plain_text: str
    passage_hash: str
    title_tf: Counter = field(default_factory=Counter)
    body_tf: Counter = field(default_factory=Counter)

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label if self.kind in ItemKind.values else self.kind


_DOC_FIELDS = (
    "item_id",
    "title_terms",
    "body_terms",
    "plain_text",
    "passage_hash",
    "item__uuid",
    "item__kind",
    "item__title",
    "item__question",
    "item__source_id",
    "item__source_url",
    "item__owner_domain_id",
    "item__is_published",
    "item__publish_at",
    "item__expires_at",
)


@dataclass
class Compiled:
    """Everything a query reads, swapped in as one object so a concurrent refresh never shows half a state."""

    counter: int
    metas: list[DocMeta]
    postings: dict[str, tuple[np.ndarray, np.ndarray]]
    df: dict[str, int]
    synonyms: list[list[tuple[str, ...]]]
    typos: TypoCorrector
    # Set by the semantic layer: (matrix of passage vectors aligned to metas, mask of rows that have one).
    vectors: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def size(self) -> int:
        return len(self.metas)

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))


class SearchIndex:
    """Loads documents incrementally and compiles them; queries read `compiled`."""

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self.counter: int | None = None
        self.docs: dict[int, DocMeta] = {}
        self.typos = TypoCorrector()
        self.compiled = Compiled(0, [], {}, {}, [], self.typos)
        self.build_seconds = 0.0

    # --- loading ---------------------------------------------------------------------------------------

    def _meta(self, row: dict) -> DocMeta:
        return DocMeta(
            item_id=row["item_id"],
            uuid=str(row["item__uuid"]),
            kind=row["item__kind"],
            title=row["item__title"],
            question=row["item__question"],
            source_id=row["item__source_id"],
            source_url=row["item__source_url"],
            domain_id=row["item__owner_domain_id"],
            is_published=row["item__is_published"],
            publish_at=row["item__publish_at"],
            expires_at=row["item__expires_at"],
            plain_text=row["plain_text"],
            passage_hash=row["passage_hash"],
            title_tf=Counter(row["title_terms"].split()),
            body_tf=Counter(row["body_terms"].split()),
        )

    def refresh(self, counter: int) -> None:
        """Load what changed since the counter value held (everything the first time), then recompile."""
        started = time.perf_counter()
        rows = SearchDocument.objects.values(*_DOC_FIELDS)
        if self.counter is not None:
            rows = rows.filter(changed_in__gt=self.counter)
            # Deleted items leave no row behind, so compare the id sets (cheap, only when something changed).
            live = set(KnowledgeItem.objects.values_list("pk", flat=True))
            for gone in set(self.docs) - live:
                del self.docs[gone]
        for row in rows.iterator(chunk_size=1000):
            self.docs[row["item_id"]] = self._meta(row)
        synonyms = [
            [tuple(analyse(term)) for term in group.term_list() if analyse(term)]
            for group in SynonymGroup.objects.all()
        ]
        self.counter = counter
        self.compile(counter=counter, synonyms=synonyms)
        self.build_seconds = time.perf_counter() - started
        logger.info(
            "knowledge index at counter %s: %s items in %.3fs", counter, len(self.docs), self.build_seconds
        )

    def compile(self, *, counter: int, synonyms: list[list[tuple[str, ...]]]) -> None:
        """Turn per-document term counts into per-term arrays of precomputed BM25F weights."""
        p = self.params
        metas = [self.docs[i] for i in sorted(self.docs)]
        n = len(metas)
        title_len = np.array([sum(d.title_tf.values()) for d in metas], dtype=np.float64)
        body_len = np.array([sum(d.body_tf.values()) for d in metas], dtype=np.float64)
        avg_title = float(title_len.mean()) if n else 1.0
        avg_body = float(body_len.mean()) if n else 1.0
        norm_title = 1 - p.b_title + p.b_title * title_len / max(avg_title, 1e-9)
        norm_body = 1 - p.b_body + p.b_body * body_len / max(avg_body, 1e-9)
        collected: dict[str, tuple[list[int], list[float]]] = {}
        for position, doc in enumerate(metas):
            for term in doc.title_tf.keys() | doc.body_tf.keys():
                weighted = (
                    p.title_weight * doc.title_tf.get(term, 0) / norm_title[position]
                    + p.body_weight * doc.body_tf.get(term, 0) / norm_body[position]
                )
                positions, weights = collected.setdefault(term, ([], []))
                positions.append(position)
                weights.append(weighted / (p.k1 + weighted))
        postings = {
            term: (np.array(pos, dtype=np.int32), np.array(w, dtype=np.float32))
            for term, (pos, w) in collected.items()
        }
        df = {term: len(pos) for term, (pos, _w) in collected.items()}
        self.typos.update(df)
        self.compiled = Compiled(counter, metas, postings, df, synonyms, self.typos)


_lock = threading.Lock()
_current: SearchIndex | None = None


def current_counter() -> int:
    return SearchIndexState.objects.filter(pk=1).values_list("counter", flat=True).first() or 0


def get_index() -> SearchIndex:
    """The process's index, refreshed first if the database counter moved (one small query if not)."""
    global _current
    counter = current_counter()
    index = _current
    if index is not None and index.counter == counter:
        return index
    with _lock:
        if _current is None:
            _current = SearchIndex()
        if _current.counter != counter:
            _current.refresh(counter)
        return _current


def get_compiled() -> Compiled:
    return get_index().compiled


def reset_index(params: Params | None = None) -> None:
    """Forget the in-memory index (tests, tuning); the next search loads it again."""
    global _current
    with _lock:
        _current = SearchIndex(params) if params else None
