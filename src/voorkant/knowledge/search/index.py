"""The in-memory index each process holds, refreshed when the database's index counter moves.

Rows of analysed terms (SearchDocument) are the truth in the database; a process loads them once, then on each
search reads only the counter (one small query) and reloads just the rows changed since the value it holds.
Scoring is BM25F over two fields (title + question, body) and runs on numpy arrays so a query over 10,000
items costs a few milliseconds. The same code and data give the same ranking on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import math
import threading
import time
from dataclasses import dataclass
from itertools import chain

import numpy as np

from voorkant.knowledge.models import ItemKind, KnowledgeItem, SearchDocument, SearchIndexState, SynonymGroup
from voorkant.knowledge.search.analysis import analyse, stem
from voorkant.knowledge.search.documents import question_hash
from voorkant.knowledge.search.typos import TypoCorrector

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Params:
    """Ranking parameters; chosen on the tuning half of the quality set only (see docs/knowledge.md)."""

    title_weight: float = 2.5
    body_weight: float = 1.0
    k1: float = 1.6
    b_title: float = 0.5
    b_body: float = 0.5
    synonym_weight: float = 0.5
    typo_weight: float = 0.8
    decompound_weight: float = 0.8
    compound_part_weight: float = 0.8


@dataclass(slots=True)
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
    question_hash: str
    # Term ids and counts per field (ids from SearchIndex.term_ids), compact for 10,000s of items.
    title_ids: np.ndarray
    title_counts: np.ndarray
    body_ids: np.ndarray
    body_counts: np.ndarray

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
    """Everything a query reads, swapped in as one object so a concurrent refresh never shows half a state.

    Postings are stored column-wise (CSR): the entries of term id t are rows pointer[t]:pointer[t + 1] of
    `positions` (index into `metas`) and `partial` (the precomputed BM25F factor of that term in that item).
    """

    counter: int
    metas: list[DocMeta]
    term_ids: dict[str, int]
    pointer: np.ndarray
    positions: np.ndarray
    partial: np.ndarray
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

    def posting(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        term_id = self.term_ids.get(term)
        if term_id is None or term_id + 1 >= len(self.pointer):
            return None
        start, end = self.pointer[term_id], self.pointer[term_id + 1]
        if start == end:
            return None
        return self.positions[start:end], self.partial[start:end]


def _empty_compiled(typos: TypoCorrector) -> Compiled:
    return Compiled(
        0, [], {}, np.zeros(1, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0, np.float32), {}, [], typos
    )


class SearchIndex:
    """Loads documents incrementally and compiles them; queries read `compiled`."""

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self.counter: int | None = None
        self.docs: dict[int, DocMeta] = {}
        # Grows only; a term id stays valid for the life of the process.
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.typos = TypoCorrector()
        self.compiled = _empty_compiled(self.typos)
        self.build_seconds = 0.0

    # --- loading ---------------------------------------------------------------------------------------

    def _encode(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Term ids and counts per text, for a batch of analysed texts at once.

        Splitting and the id lookup run at C speed (str.split, map over dict.__getitem__) and the counting in
        numpy, one sort per batch: a Counter per text made loading 10,000 items cost seconds of CPU.
        """
        split = [text.split() for text in texts]
        flat = list(chain.from_iterable(split))
        ids = self.term_ids
        for term in sorted(set(flat) - ids.keys()):
            ids[term] = len(self.terms)
            self.terms.append(term)
        vocabulary_size = max(len(self.terms), 1)
        term_ids = np.fromiter(map(ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        lengths = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        keys = np.repeat(np.arange(len(texts), dtype=np.int64), lengths) * vocabulary_size + term_ids
        unique_keys, counts = np.unique(keys, return_counts=True)
        bounds = np.searchsorted(unique_keys // vocabulary_size, np.arange(len(texts) + 1))
        terms = (unique_keys % vocabulary_size).astype(np.int32)
        counts = counts.astype(np.float32)
        return [(terms[a:b], counts[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def _load(self, rows: list[dict]) -> None:
        titles = self._encode([row["title_terms"] for row in rows])
        bodies = self._encode([row["body_terms"] for row in rows])
        for row, (title_ids, title_counts), (body_ids, body_counts) in zip(rows, titles, bodies, strict=True):
            self.docs[row["item_id"]] = self._meta(row, title_ids, title_counts, body_ids, body_counts)

    def _meta(self, row: dict, title_ids, title_counts, body_ids, body_counts) -> DocMeta:
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
            question_hash=question_hash(row["item__title"], row["item__question"]),
            title_ids=title_ids,
            title_counts=title_counts,
            body_ids=body_ids,
            body_counts=body_counts,
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
        batch: list[dict] = []
        for row in rows.iterator(chunk_size=1000):
            batch.append(row)
            if len(batch) == 1000:
                self._load(batch)
                batch = []
        if batch:
            self._load(batch)
        synonyms = [
            [tuple(analyse(term)) for term in group.term_list() if analyse(term)]
            for group in SynonymGroup.objects.all()
        ]
        self.counter = counter
        self.compile(counter=counter, synonyms=synonyms)
        _release_freed_memory()
        self.build_seconds = time.perf_counter() - started
        logger.info(
            "knowledge index at counter %s: %s items in %.3fs", counter, len(self.docs), self.build_seconds
        )

    def compile(self, *, counter: int, synonyms: list[list[tuple[str, ...]]]) -> None:
        """Turn per-item term counts into CSR postings of precomputed BM25F factors, all in numpy."""
        p = self.params
        metas = [self.docs[i] for i in sorted(self.docs)]
        n = len(metas)
        vocabulary_size = len(self.terms)
        if n == 0:
            self.compiled = _empty_compiled(self.typos)
            self.compiled.counter, self.compiled.synonyms = counter, synonyms
            return

        # Narrow types (int32 ids, float32 counts) and dropping temporaries as soon as they are used keep the
        # peak memory of a compile low: it runs in every web worker, after every change.
        def field(ids_attr: str, counts_attr: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            sizes = [len(getattr(m, ids_attr)) for m in metas]
            docs = np.repeat(np.arange(n, dtype=np.int32), sizes)
            terms = np.concatenate([getattr(m, ids_attr) for m in metas]).astype(np.int32, copy=False)
            counts = np.concatenate([getattr(m, counts_attr) for m in metas]).astype(np.float32, copy=False)
            return docs, terms, counts

        t_doc, t_term, t_cnt = field("title_ids", "title_counts")
        b_doc, b_term, b_cnt = field("body_ids", "body_counts")
        title_len = np.bincount(t_doc, weights=t_cnt, minlength=n)
        body_len = np.bincount(b_doc, weights=b_cnt, minlength=n)

        present = np.zeros(vocabulary_size, dtype=bool)
        present[t_term] = True
        present[b_term] = True
        vocabulary = {self.terms[i] for i in np.flatnonzero(present)}
        # A compound also counts, at reduced weight, for its parts: "gemeenteraadsverkiezingen" is found by
        # "gemeenteraad" and "verkiezing".
        part_a = np.full(vocabulary_size, -1, dtype=np.int32)
        part_b = np.full(vocabulary_size, -1, dtype=np.int32)
        for compound, (left, right) in compound_splits(vocabulary).items():
            part_a[self.term_ids[compound]] = self.term_ids[left]
            part_b[self.term_ids[compound]] = self.term_ids[right]

        def with_parts(docs, terms, counts):
            has = part_a[terms] >= 0
            extra_counts = counts[has] * np.float32(p.compound_part_weight)
            return (
                np.concatenate([docs, docs[has], docs[has]]),
                np.concatenate([terms, part_a[terms[has]], part_b[terms[has]]]),
                np.concatenate([counts, extra_counts, extra_counts]),
            )

        t_doc, t_term, t_cnt = with_parts(t_doc, t_term, t_cnt)
        b_doc, b_term, b_cnt = with_parts(b_doc, b_term, b_cnt)
        title_entries = len(t_cnt)
        keys = np.concatenate([t_term, b_term]).astype(np.int64) * n + np.concatenate([t_doc, b_doc])
        values = np.concatenate([t_cnt, b_cnt])
        del t_doc, t_term, t_cnt, b_doc, b_term, b_cnt
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        values = values[order]
        is_title = order < title_entries
        del order
        # The keys are sorted now: group starts are where the key changes (np.unique would sort again).
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        unique_keys = keys[starts]
        del keys
        title_tf = np.add.reduceat(np.where(is_title, values, 0).astype(np.float64), starts)
        body_tf = np.add.reduceat(np.where(is_title, 0, values).astype(np.float64), starts)
        del values, is_title, starts
        entry_terms = unique_keys // n
        entry_docs = (unique_keys % n).astype(np.int32)
        del unique_keys

        avg_title = max(float(title_len.mean()), 1e-9)
        avg_body = max(float(body_len.mean()), 1e-9)
        norm_title = 1 - p.b_title + p.b_title * title_len / avg_title
        norm_body = 1 - p.b_body + p.b_body * body_len / avg_body
        weighted = (
            p.title_weight * title_tf / norm_title[entry_docs]
            + p.body_weight * body_tf / norm_body[entry_docs]
        )
        partial = (weighted / (p.k1 + weighted)).astype(np.float32)
        pointer = np.searchsorted(entry_terms, np.arange(vocabulary_size + 1)).astype(np.int64)
        counts = np.diff(pointer)
        df = {self.terms[i]: int(counts[i]) for i in np.flatnonzero(counts)}
        self.typos.update(df)
        self.compiled = Compiled(
            counter=counter,
            metas=metas,
            term_ids=dict(self.term_ids),
            pointer=pointer,
            positions=entry_docs,
            partial=partial,
            df=df,
            synonyms=synonyms,
            typos=self.typos,
        )


def _release_freed_memory() -> None:
    """Hand memory freed after loading back to the system (glibc keeps ~120 MB of it at 10,000 items)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


MIN_PART = 4


def compound_splits(vocabulary: set[str]) -> dict[str, tuple[str, str]]:
    """Index terms that are two other index terms joined (with an optional linking s).

    E.g. the stems of gemeenteraad + s + verkiezingen. The left part is stemmed again: inside a compound it
    appears unstemmed.
    """
    splits: dict[str, tuple[str, str]] = {}
    for term in vocabulary:
        if len(term) < 2 * MIN_PART + 1:
            continue
        for i in range(MIN_PART, len(term) - MIN_PART + 1):
            left, right = term[:i], term[i:]
            if right not in vocabulary:
                continue
            for head in (left, left[:-1] if left.endswith("s") else ""):
                if len(head) >= MIN_PART and stem(head) in vocabulary:
                    splits[term] = (stem(head), right)
                    break
            if term in splits:
                break
    return splits


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
