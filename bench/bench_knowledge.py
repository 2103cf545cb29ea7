"""Kennisbank: search latency over HTTP on 10,000 items (the VAC plus generated articles) and indexing time.

Targets (issue 6): p95 <= 20 ms lexical-only, p95 <= 60 ms with the semantic layer.
Run: .venv/bin/python bench/bench_knowledge.py [--items 10000] [--requests 400] [--seed 7]

Uses its own PostgreSQL database (KNOWLEDGE_BENCH_DATABASE_URL, default voorkant_bench_kennisbank), filled
once and reused. Latency: client-side round trips to gunicorn (2 workers, DEBUG off, bench/harness.py) of the
htmx search partial (10 results with highlighted snippets) and of the JSON API, with the caller-style queries
of the quality set, after warm-up. An in-process split (no HTTP) of the same work shows where the time goes,
so a reader can tell machine load from the product's cost. Deterministic per seed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
DATABASE_URL = os.environ.get(
    "KNOWLEDGE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/voorkant_bench_kennisbank"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorkant.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production")
os.environ.setdefault("PROCESSING_LOG_KEY", "bench-processing-log-key")
os.environ.setdefault("STATIC_FROM_FINDERS", "true")

import dj_database_url  # noqa: E402

from harness import Client, Server, measure, pg_connect, report, summarise  # noqa: E402

TARGET_LEXICAL_P95_MS = 20
TARGET_SEMANTIC_P95_MS = 60
USERNAME = "bench-kennisbank"
PASSWORD = "bench-only-password"  # noqa: S105 - a throw-away benchmark database


def ensure_database() -> None:
    name = dj_database_url.parse(DATABASE_URL)["NAME"]
    with pg_connect(DATABASE_URL, dbname="postgres") as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate_articles(count: int, rng: random.Random) -> float:
    """Product articles built from the VAC vocabulary, so term statistics look like real content.

    Returns the seconds spent writing the items and their analysed search rows (the indexing cost).
    """
    from django.db import transaction

    from voorkant.knowledge.models import ArticleSection, ItemKind, KnowledgeItem, KnowledgeItemVersion
    from voorkant.knowledge.search.analysis import words
    from voorkant.knowledge.search.documents import index_counter_bump, search_document_write

    vocabulary = sorted({w for item in KnowledgeItem.objects.all() for w in words(item.body) if len(w) > 3})
    started = time.perf_counter()
    batch: list = []
    for n in range(count):
        title = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 7))).capitalize()
        sections = {
            code: "<p>" + " ".join(rng.choice(vocabulary) for _ in range(rng.randint(15, 60))) + ".</p>"
            for code in rng.sample(ArticleSection.values, 4)
        }
        batch.append(
            KnowledgeItem(kind=ItemKind.ARTICLE, title=title[:300], sections=sections, source_id=f"gen-{n}")
        )
        if len(batch) == 1000 or n == count - 1:
            with transaction.atomic():
                counter = index_counter_bump()
                created = KnowledgeItem.objects.bulk_create(batch)
                KnowledgeItemVersion.objects.bulk_create(
                    [KnowledgeItemVersion(item=i, number=1, title=i.title, content={}) for i in created]
                )
                for item in created:
                    search_document_write(item=item, counter=counter)
            batch = []
    return time.perf_counter() - started


def fill(items: int, rng: random.Random) -> dict:
    from voorkant.knowledge.models import ItemKind, KnowledgeItem
    from voorkant.organisation.models import User
    from voorkant.organisation.roles import Role
    from voorkant.organisation.services import user_create

    info: dict = {}
    if not KnowledgeItem.objects.filter(kind=ItemKind.QA).exists():
        from voorkant.knowledge.importers import vac_import

        vac_import()
    missing = items - KnowledgeItem.objects.count()
    if missing > 0:
        seconds = generate_articles(missing, rng)
        info["write_items_and_search_rows_s"] = round(seconds, 1)
        info["generated_articles"] = missing
    if not User.objects.filter(username=USERNAME).exists():
        user_create(username=USERNAME, password=PASSWORD, roles=[Role.AGENT])
    info["items"] = KnowledgeItem.objects.count()
    return info


def vectors(seed: int, cold_sample: int) -> dict:
    """Vectors from the cache (the shipped VAC file, then the table) and an estimate of cold embedding.

    Generated articles get seeded random unit vectors: the dense step's cost does not depend on what the
    vectors mean, and embedding 10,000 passages cold takes about an hour of CPU (measured on a sample here).
    """
    import numpy as np
    from django.db import transaction

    from voorkant.knowledge.embedding import passage_vectors_compute
    from voorkant.knowledge.models import KnowledgeItem, PassageVector
    from voorkant.knowledge.search import semantic
    from voorkant.knowledge.search.documents import (
        index_counter_bump,
        passage_text,
        question_hash,
        title_text,
    )

    result = passage_vectors_compute(limit=0)
    vec_rng = np.random.default_rng(seed)
    fake = []
    for model_name, hashes in (
        (semantic.MODEL_NAME, KnowledgeItem.objects.values_list("search_document__passage_hash", flat=True)),
        (
            semantic.QUESTION_MODEL_NAME,
            [question_hash(t, q) for t, q in KnowledgeItem.objects.values_list("title", "question")],
        ),
    ):
        known = set(PassageVector.objects.filter(model_name=model_name).values_list("text_hash", flat=True))
        for text_hash in set(hashes) - known:
            v = vec_rng.standard_normal(semantic.DIM).astype(np.float32)
            fake.append(
                PassageVector(
                    text_hash=text_hash, model_name=model_name, vector=(v / np.linalg.norm(v)).tobytes()
                )
            )
    PassageVector.objects.bulk_create(fake, ignore_conflicts=True, batch_size=1000)
    if fake:
        with transaction.atomic():
            index_counter_bump()
    # Loading every vector of 10,000 items into a process, as a worker does after a restart.
    from voorkant.knowledge.search.index import SearchIndex, current_counter

    index = SearchIndex()
    index.refresh(current_counter())
    semantic._vector_cache.clear()
    started = time.perf_counter()
    semantic.attach_vectors(index.compiled)
    attach_seconds = time.perf_counter() - started
    items = list(KnowledgeItem.objects.select_related("search_document").order_by("pk")[:cold_sample])
    passages = [passage_text(i, i.search_document.plain_text) for i in items]
    questions = [title_text(i.title, i.question) for i in items]
    semantic.embed_query("opwarmen")
    started, cpu = time.perf_counter(), time.process_time()
    semantic.embed_passages(passages)
    passage_wall = (time.perf_counter() - started) / len(items)
    passage_cpu = (time.process_time() - cpu) / len(items)
    started, cpu = time.perf_counter(), time.process_time()
    semantic.embed_questions(questions)
    question_wall = (time.perf_counter() - started) / len(items)
    total = KnowledgeItem.objects.count()
    return {
        "vectors_from_shipped_cache": result.seeded,
        "vectors_load_into_process_s": round(attach_seconds, 2),
        "cold_passage_ms_wall_each": round(passage_wall * 1000),
        "cold_passage_ms_cpu_each": round(passage_cpu * 1000),
        "cold_question_ms_wall_each": round(question_wall * 1000),
        "cold_estimate_min_for_all": round((passage_wall + question_wall) * total / 60),
    }


def in_process_split(queries: list[str]) -> dict:
    """Where a search's time goes without HTTP: query parsing + scoring, snippets, query embedding."""
    import numpy as np

    from voorkant.knowledge.search import semantic
    from voorkant.knowledge.search.index import SearchIndex, current_counter, reset_index
    from voorkant.knowledge.search.query import lexical_scores, parse, search

    started = time.perf_counter()
    index = SearchIndex()
    index.refresh(current_counter())
    load = time.perf_counter() - started
    compiled = index.compiled
    scoring, full, embed, dense = [], [], [], []
    reset_index()
    search("paspoort", use_semantic=False)
    for q in queries:
        t0 = time.perf_counter()
        lexical_scores(parse(q, compiled, index.params), compiled)
        t1 = time.perf_counter()
        search(q, use_semantic=False)
        t2 = time.perf_counter()
        vector = semantic.embed_query(q)
        t3 = time.perf_counter()
        matrix, _mask = semantic.attach_vectors(compiled)
        np.einsum("ij,j->i", matrix, vector)
        t4 = time.perf_counter()
        scoring.append((t1 - t0) * 1000)
        full.append((t2 - t1) * 1000)
        embed.append((t3 - t2) * 1000)
        dense.append((t4 - t3) * 1000)
    # An edit: the worker reloads the changed row and recompiles.
    from django.db import transaction

    from voorkant.knowledge.models import ItemKind, KnowledgeItem
    from voorkant.knowledge.search.documents import index_counter_bump, search_document_write

    refresh = []
    item = KnowledgeItem.objects.filter(kind=ItemKind.QA).order_by("pk").first()
    original = item.title
    for n in range(3):
        with transaction.atomic():
            item.title = f"{original} ({n})"
            KnowledgeItem.objects.filter(pk=item.pk).update(title=item.title)
            search_document_write(item=item, counter=index_counter_bump())
        t0 = time.perf_counter()
        index.refresh(current_counter())
        refresh.append(time.perf_counter() - t0)
    with transaction.atomic():
        item.title = original
        KnowledgeItem.objects.filter(pk=item.pk).update(title=original)
        search_document_write(item=item, counter=index_counter_bump())
    return {
        "index_load_new_process_s": round(load, 2),
        "refresh_after_one_edit_s": round(statistics.median(refresh), 2),
        "lexical_scoring_ms": summarise(scoring),
        "lexical_search_with_10_snippets_ms": summarise(full),
        "query_embedding_ms": summarise(embed),
        "dense_product_10000_ms": summarise(dense),
    }


def http_rows(label: str, client: Client, queries: list[str], target: int, *, api: bool = True) -> list[dict]:
    def htmx(i):
        q = urllib.parse.quote(queries[i % len(queries)])
        return client.request("GET", f"/kennisbank/zoeken/?q={q}", headers={"HX-Request": "true"})[0]

    def json_api(i):
        q = urllib.parse.quote(queries[i % len(queries)])
        return client.request("GET", f"/api/v1/knowledge/search?q={q}")[0]

    rows = [
        {
            "label": f"{label}: htmx, 10 met fragment",
            **measure(htmx, requests=len(queries), warmup=30),
            "target_p95_ms": target,
        }
    ]
    if api:
        rows.append({"label": f"{label}: JSON-API", **measure(json_api, requests=len(queries), warmup=10)})
    return rows


def serve_and_measure(label: str, queries: list[str], target: int, *, semantic_on: bool) -> tuple[list, list]:
    os.environ["KNOWLEDGE_SEMANTIC"] = "true" if semantic_on else "false"
    with Server(DATABASE_URL) as server:
        client = Client(server.port)
        client.login(USERNAME, PASSWORD)
        rows = http_rows(label, client, queries, target, api=not semantic_on)
        memory = server.worker_memory_mb()
    return rows, memory


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cold-sample", type=int, default=16, help="passages embedded cold for the estimate")
    args = parser.parse_args()
    load_start = os.getloadavg()
    ensure_database()
    setup_django()
    rng = random.Random(args.seed)
    filled = fill(args.items, rng)
    vector_info = vectors(args.seed, args.cold_sample)

    from voorkant.knowledge.search.evaluation import load_queries

    base = [q["query"] for q in load_queries(ROOT / "tests" / "knowledge" / "quality" / "queries.yaml")]
    queries = [rng.choice(base) for _ in range(args.requests)]
    lexical_rows, lexical_memory = serve_and_measure(
        "lexicaal", queries, TARGET_LEXICAL_P95_MS, semantic_on=False
    )
    semantic_rows, semantic_memory = serve_and_measure(
        "lexicaal + semantisch", queries, TARGET_SEMANTIC_P95_MS, semantic_on=True
    )
    split = in_process_split(queries[:100])
    rows = lexical_rows + semantic_rows
    report(
        "knowledge",
        rows,
        {
            "content": filled,
            "vectors": vector_info,
            "in_process": split,
            "workers_lexical": lexical_memory,
            "workers_semantic": semantic_memory,
            "load_average_start_end": [load_start, os.getloadavg()],
            "meets_targets": rows[0]["p95_ms"] <= TARGET_LEXICAL_P95_MS
            and semantic_rows[0]["p95_ms"] <= TARGET_SEMANTIC_P95_MS,
        },
    )
    if any(set(row["statuses"]) != {200} for row in rows):
        raise SystemExit(f"unexpected statuses: {[row['statuses'] for row in rows]}")


if __name__ == "__main__":
    main()
