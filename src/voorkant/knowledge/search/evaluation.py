"""Search-quality metrics over a set of caller-style queries: Recall@1, Recall@5 and MRR@10 per split."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from voorkant.knowledge.search.query import search


@dataclass
class QualityFigures:
    count: int
    recall_at_1: float
    recall_at_5: float
    mrr_at_10: float
    misses: list[tuple[str, int | None]]

    def as_dict(self) -> dict[str, float]:
        return {"recall@1": self.recall_at_1, "recall@5": self.recall_at_5, "mrr@10": self.mrr_at_10}


def load_queries(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def evaluate(queries: list[dict], *, split: str | None = None, **search_options) -> QualityFigures:
    """Rank of the first expected item per query (by source id); any expected item counts as a hit."""
    chosen = [q for q in queries if split is None or q["split"] == split]
    r1 = r5 = mrr = 0.0
    misses: list[tuple[str, int | None]] = []
    for entry in chosen:
        hits = search(entry["query"], limit=10, with_snippets=False, **search_options)
        expected = set(entry["expected"])
        rank = next((i for i, h in enumerate(hits, start=1) if h.meta.source_id in expected), None)
        if rank == 1:
            r1 += 1
        if rank is not None and rank <= 5:
            r5 += 1
        if rank is not None:
            mrr += 1 / rank
        if rank != 1:
            misses.append((entry["query"], rank))
    n = max(len(chosen), 1)
    return QualityFigures(len(chosen), r1 / n, r5 / n, mrr / n, misses)
