"""Search quality on caller-style queries over the 179 VAC (tests/knowledge/quality/queries.yaml).

The set was committed before any tuning; weights, synonyms and the fusion weight were chosen on the `tuning`
half only. The levels below are the figures measured when tuning ended (rounded down); the test fails when
a change makes search worse than that. Raise them when search gets better.
"""

from pathlib import Path

import pytest

from voorkant.knowledge.embedding import passage_vectors_compute
from voorkant.knowledge.search.evaluation import evaluate, load_queries

QUERIES = load_queries(Path(__file__).parent / "quality" / "queries.yaml")

# (split, semantic) -> minimum Recall@1, Recall@5, MRR@10
# The semantic rows were re-recorded when question vectors and the fusion weight 0.2 came in (chosen on the
# tuning half): held-out Recall@1 0.69 -> 0.71 and MRR@10 0.77 -> 0.79 rose, held-out Recall@5 fell
# 0.94 -> 0.89 (two of 35 queries left the top five). That floor follows the measurement; see
# docs/knowledge.md, Quality.
# The semantic rows depend on the query vectors, which differ slightly between machines (the same engine
# binary, built with -ffast-math; which instruction or library call differs was not pinned down): held-out
# Recall@5 was 31 of 35 where it was recorded and is 30 of 35 on a machine with AVX-512 (MRR@10 0.80 and
# 0.795), where "ik krijg steeds brieven voor de vorige bewoner" finds its item at rank 6, 0.002 below rank 5.
# That floor is the lower of the two.
RECORDED = {
    ("tuning", False): (0.74, 0.85, 0.79),
    ("heldout", False): (0.57, 0.80, 0.65),
    ("tuning", True): (0.82, 1.00, 0.90),
    ("heldout", True): (0.71, 0.85, 0.79),
}

pytestmark = pytest.mark.django_db


def test_the_set_has_at_least_60_queries_half_held_out():
    assert len(QUERIES) >= 60
    assert sum(q["split"] == "heldout" for q in QUERIES) == len(QUERIES) // 2


@pytest.mark.parametrize("use_semantic", [False, True], ids=["lexical", "semantic"])
def test_search_quality_stays_at_the_recorded_level(vac, use_semantic, capsys):
    if use_semantic:
        passage_vectors_compute()
    for split in ("tuning", "heldout"):
        figures = evaluate(QUERIES, split=split, use_semantic=use_semantic)
        with capsys.disabled():
            print(f"\n{split} {'semantic' if use_semantic else 'lexical'}: {figures.as_dict()}")
        r1, r5, mrr = RECORDED[(split, use_semantic)]
        assert figures.recall_at_1 >= r1, figures.misses
        assert figures.recall_at_5 >= r5, figures.misses
        assert figures.mrr_at_10 >= mrr, figures.misses
