"""Kennisbank: search latency over HTTP on 10,000 items (the VAC plus generated articles) and indexing time.

Targets (issue 6): p95 <= 20 ms lexical-only, p95 <= 60 ms with the semantic layer.
Run: .venv/bin/python bench/bench_knowledge.py [--items 10000] [--requests 400] [--seed 7]

Uses its own PostgreSQL database (KNOWLEDGE_BENCH_DATABASE_URL, default voorkant_bench_kennisbank), filled
once and reused. Latency: client-side round trips to gunicorn (2 workers, DEBUG off, bench/harness.py) of the
htmx search partial (10 results with highlighted snippets) and of the JSON API, with the caller-style queries
of the quality set, after warm-up, with the workers' CPU per request (from /proc) beside the wall times:
lexical only, semantic with every query embedded (the target is checked on this worst case) and semantic with
the per-process query vector cache. Indexing all items: the search rows (`knowledge_reindex`), the vectors
from cache, and cold embedding scaled from a sample. An in-process split (no HTTP) of the same work shows
where the time goes, so a reader can tell machine load from the product's cost. Deterministic per seed.
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

from harness import Client, Server, measure, pg_connect, process_cpu_seconds, report, summarise  # noqa: E402

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
    from voorkant.knowledge.search.documents import index_counter_bump, search_documents_write

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
                search_documents_write(items=created, counter=counter)
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


def stand_in_vectors(seed: int) -> dict:
    """Vectors for every item: the shipped VAC file, and seeded random unit vectors for generated articles.

    The dense step's cost does not depend on what the vectors mean, and embedding 20,000 texts cold takes
    hours of CPU; `indexing()` measures the cold cost on a sample instead.
    """
    import numpy as np
    from django.db import transaction

    from voorkant.knowledge.embedding import passage_vectors_compute
    from voorkant.knowledge.models import KnowledgeItem, PassageVector
    from voorkant.knowledge.search import semantic
    from voorkant.knowledge.search.documents import index_counter_bump, question_hash

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
        for text_hash in sorted(set(hashes) - known):
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
    return {"from_shipped_vac_file": result.seeded, "stand_ins_for_generated_articles": len(fake)}


def _timed(function, runs: int) -> dict:
    """Wall and CPU (this process; the database server's CPU is not in it) over several runs, median first."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return {
        "wall_s_median": round(statistics.median(walls), 2),
        "wall_s_all": [round(w, 2) for w in walls],
        "cpu_s_median": round(statistics.median(cpus), 2),
        "result": result,
    }


def indexing(cold_sample: int, runs: int) -> dict:
    """Indexing every item (10,000): the analysed search rows, then the vectors from cache and cold.

    - search rows: `index_rebuild()` (what `manage.py knowledge_reindex` runs) rewrites every row;
    - vectors from cache: the embed job's pass (`passage_vectors_compute`) when every passage and question
      vector is in the table, then loading all 2 x 10,000 vectors into a new process as a worker does;
    - cold: a sample of real passages and questions embedded with the model, scaled to every item (a full
      cold run is hours of CPU on this machine; it is a job, never a request).
    """
    from voorkant.knowledge.embedding import passage_vectors_compute
    from voorkant.knowledge.models import KnowledgeItem
    from voorkant.knowledge.search import semantic
    from voorkant.knowledge.search.documents import passage_text, title_text
    from voorkant.knowledge.search.index import SearchIndex, current_counter
    from voorkant.knowledge.services import index_rebuild

    total = KnowledgeItem.objects.count()
    rows = _timed(index_rebuild, runs)
    cached = _timed(lambda: passage_vectors_compute(limit=0).cached, runs)

    index = SearchIndex()
    index.refresh(current_counter())

    def load_vectors():
        semantic._vector_cache.clear()
        index.compiled.vectors = None
        return int(semantic.attach_vectors(index.compiled)[1].sum())

    loaded = _timed(load_vectors, runs)
    items = list(KnowledgeItem.objects.select_related("search_document").order_by("pk")[:cold_sample])
    passages = [passage_text(i, i.search_document.plain_text) for i in items]
    questions = [title_text(i.title, i.question) for i in items]
    semantic.model().passage(["opwarmen"])
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(passages), 16):  # the job's batch size
        semantic.embed_passages(passages[start : start + 16])
    passage_wall = (time.perf_counter() - started) / len(items)
    passage_cpu = (time.process_time() - cpu) / len(items)
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(questions), 16):
        semantic.embed_questions(questions[start : start + 16])
    question_wall = (time.perf_counter() - started) / len(items)
    question_cpu = (time.process_time() - cpu) / len(items)
    cold_cpu_s = (passage_cpu + question_cpu) * total
    return {
        "items": total,
        "search_rows_all_items": rows,
        "vectors_cached_embed_job_pass": cached,
        "vectors_load_into_new_process": loaded,
        "cold_sample_items": len(items),
        "cold_passage_ms_each": {"wall": round(passage_wall * 1000), "cpu": round(passage_cpu * 1000)},
        "cold_question_ms_each": {"wall": round(question_wall * 1000), "cpu": round(question_cpu * 1000)},
        "cold_estimate_all_items_cpu_min": round(cold_cpu_s / 60),
        "cold_estimate_all_items_cpu_min_2_threads_in_parallel": round(cold_cpu_s / 60 / 2),
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
        vector = np.asarray(semantic.model().query(q), dtype=np.float32)  # uncached: the real cost
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


def timed_with_cpu(server: Server, call, queries: list[str], *, warmup: int) -> dict:
    """Round trips after `warmup` untimed calls, plus the workers' CPU per request over the timed ones."""
    measure(call, requests=warmup, warmup=0)
    before = process_cpu_seconds(server.worker_pids())
    result = measure(call, requests=len(queries), warmup=0)
    cpu = process_cpu_seconds(server.worker_pids()) - before
    return {**result, "server_cpu_ms_per_request": round(cpu * 1000 / len(queries), 2)}


def http_rows(label: str, server: Server, client: Client, queries: list[str], target: int, *, api: bool):
    def htmx(i):
        q = urllib.parse.quote(queries[i % len(queries)])
        return client.request("GET", f"/kennisbank/zoeken/?q={q}", headers={"HX-Request": "true"})[0]

    def json_api(i):
        q = urllib.parse.quote(queries[i % len(queries)])
        return client.request("GET", f"/api/v1/knowledge/search?q={q}")[0]

    rows = [
        {
            "label": f"{label}: htmx, 10 met fragment",
            **timed_with_cpu(server, htmx, queries, warmup=30),
            "target_p95_ms": target,
        }
    ]
    if api:
        rows.append({"label": f"{label}: JSON-API", **timed_with_cpu(server, json_api, queries, warmup=10)})
    return rows


def serve_and_measure(
    label: str,
    queries: list[str],
    target: int,
    *,
    semantic_on: bool,
    query_cache: int = 2048,
    api: bool = True,
) -> tuple[list, list]:
    os.environ["KNOWLEDGE_SEMANTIC"] = "true" if semantic_on else "false"
    os.environ["KNOWLEDGE_QUERY_VECTOR_CACHE"] = str(query_cache)
    with Server(DATABASE_URL) as server:
        client = Client(server.port)
        client.login(USERNAME, PASSWORD)
        rows = http_rows(label, server, client, queries, target, api=api)
        memory = server.worker_memory_mb()
    return rows, memory


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cold-sample", type=int, default=32, help="items embedded cold for the estimate")
    parser.add_argument("--index-runs", type=int, default=3, help="repeats of each indexing measurement")
    args = parser.parse_args()
    load_start = os.getloadavg()
    ensure_database()
    setup_django()
    rng = random.Random(args.seed)
    filled = fill(args.items, rng)
    vector_info = stand_in_vectors(args.seed)
    indexing_info = indexing(args.cold_sample, args.index_runs)

    from voorkant.knowledge.search.evaluation import load_queries

    base = [q["query"] for q in load_queries(ROOT / "tests" / "knowledge" / "quality" / "queries.yaml")]
    queries = [rng.choice(base) for _ in range(args.requests)]
    lexical_rows, lexical_memory = serve_and_measure(
        "lexicaal", queries, TARGET_LEXICAL_P95_MS, semantic_on=False
    )
    # The target is checked on the worst case: no query vector cache, so every request embeds its query.
    semantic_rows, semantic_memory = serve_and_measure(
        "semantisch, elke vraag ingebed",
        queries,
        TARGET_SEMANTIC_P95_MS,
        semantic_on=True,
        query_cache=0,
        api=False,
    )
    cached_rows, _ = serve_and_measure(
        f"semantisch, cache ({len(set(base))} vragen)",
        queries,
        TARGET_SEMANTIC_P95_MS,
        semantic_on=True,
        api=False,
    )
    split = in_process_split(queries[:100])
    rows = lexical_rows + semantic_rows + cached_rows
    report(
        "knowledge",
        rows,
        {
            "workers_cpu_ms_per_request": {row["label"]: row["server_cpu_ms_per_request"] for row in rows},
            "content": filled,
            "vectors": vector_info,
            "indexing": indexing_info,
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
