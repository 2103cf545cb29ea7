"""Kennisbank benchmark: search latency over 10,000 items (the VAC plus generated articles) and indexing time.

Run: DATABASE_URL=... .venv/bin/python bench/bench_knowledge.py [--items 10000] [--requests 400] [--seed 7]
Use a throw-away database: the script migrates it and fills it. Latency is the server time of
GET /kennisbank/zoeken/?q=... (htmx partial, full middleware stack, Django test client in process) and of the
JSON API, reported as percentiles over many requests. Deterministic per seed.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorkant.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("PROCESSING_LOG_KEY", "bench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("STATIC_FROM_FINDERS", "true")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from voorkant.knowledge.models import (  # noqa: E402
    ArticleSection,
    ItemKind,
    KnowledgeItem,
    KnowledgeItemVersion,
    PassageVector,
)
from voorkant.knowledge.search import semantic  # noqa: E402
from voorkant.knowledge.search.analysis import words  # noqa: E402
from voorkant.knowledge.search.documents import index_counter_bump, search_document_write  # noqa: E402
from voorkant.knowledge.search.evaluation import load_queries  # noqa: E402
from voorkant.knowledge.search.index import SearchIndex, current_counter, reset_index  # noqa: E402

logging.disable(logging.INFO)
QUERIES = load_queries(ROOT / "tests" / "knowledge" / "quality" / "queries.yaml")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def fmt(values: list[float]) -> str:
    return f"p50 {pct(values, 50):.1f} ms, p95 {pct(values, 95):.1f} ms, n={len(values)}"


def generate_articles(count: int, rng: random.Random) -> float:
    """Product articles built from the VAC vocabulary, so term statistics look like real content."""
    vocabulary = sorted({w for item in KnowledgeItem.objects.all() for w in words(item.body) if len(w) > 3})
    started = time.perf_counter()
    counter = index_counter_bump()
    batch: list[KnowledgeItem] = []
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
                created = KnowledgeItem.objects.bulk_create(batch)
                KnowledgeItemVersion.objects.bulk_create(
                    [KnowledgeItemVersion(item=i, number=1, title=i.title, content={}) for i in created]
                )
                for item in created:
                    search_document_write(item=item, counter=counter)
            batch = []
    return time.perf_counter() - started


def timed_requests(client: Client, path: str, queries: list[str]) -> list[float]:
    timings = []
    for q in queries:
        started = time.perf_counter()
        response = client.get(path, {"q": q}, HTTP_HX_REQUEST="true")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cold-sample", type=int, default=32, help="passages embedded cold to estimate")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()} on {os.cpu_count()} cores")
    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    if not KnowledgeItem.objects.filter(kind=ItemKind.QA).exists():
        call_command("import_knowledge", "--vac", verbosity=0)
    missing = args.items - KnowledgeItem.objects.count()
    if missing > 0:
        print(f"generated {missing} articles (rows + search rows) in {generate_articles(missing, rng):.1f} s")
    total = KnowledgeItem.objects.count()

    index = SearchIndex()
    loads = []
    for _ in range(5):
        index = SearchIndex()
        started = time.perf_counter()
        index.refresh(current_counter())
        loads.append(time.perf_counter() - started)
    print(f"index load for {total} items (cold process): median {statistics.median(loads):.2f} s over 5")
    incremental = []
    item = KnowledgeItem.objects.filter(kind=ItemKind.QA).order_by("pk").first()
    for n in range(5):
        with transaction.atomic():
            KnowledgeItem.objects.filter(pk=item.pk).update(title=f"{item.title} {n}")
            item.refresh_from_db()
            search_document_write(item=item, counter=index_counter_bump())
        started = time.perf_counter()
        index.refresh(current_counter())
        incremental.append(time.perf_counter() - started)
    print(f"refresh after one edit: median {statistics.median(incremental):.2f} s over 5")

    from voorkant.organisation.models import User
    from voorkant.organisation.roles import Role
    from voorkant.organisation.services import user_create

    user = User.objects.filter(username="bench-kcc").first() or user_create(
        username="bench-kcc", password="bench-only-password", roles=[Role.AGENT]
    )
    client = Client()
    client.force_login(user)
    base = [q["query"] for q in QUERIES]
    queries = [rng.choice(base) for _ in range(args.requests)]
    reset_index()
    client.get("/kennisbank/zoeken/", {"q": "paspoort"})  # load the index once, as a worker does
    print(f"RSS with the lexical index of {total} items: {rss_mb():.0f} MB")
    print("lexical  /kennisbank/zoeken/ (htmx):", fmt(timed_requests(client, "/kennisbank/zoeken/", queries)))
    print(
        "lexical  /api/v1/knowledge/search:   ",
        fmt(timed_requests(client, "/api/v1/knowledge/search", queries)),
    )

    # Semantic: the VAC vectors come from the shipped cache; generated articles get seeded random unit vectors
    # (the latency of the dense step does not depend on what the vectors mean).
    from voorkant.knowledge.embedding import passage_vectors_compute

    started = time.perf_counter()
    result = passage_vectors_compute(limit=0)
    print(f"vectors from cache: {result.seeded + result.cached} in {time.perf_counter() - started:.1f} s")
    known = set(PassageVector.objects.values_list("text_hash", flat=True))
    vec_rng = np.random.default_rng(args.seed)
    fake = []
    for passage_hash in KnowledgeItem.objects.values_list("search_document__passage_hash", flat=True):
        if passage_hash not in known:
            v = vec_rng.standard_normal(semantic.DIM).astype(np.float32)
            fake.append(
                PassageVector(
                    text_hash=passage_hash,
                    model_name=semantic.MODEL_NAME,
                    vector=(v / np.linalg.norm(v)).tobytes(),
                )
            )
            known.add(passage_hash)
    PassageVector.objects.bulk_create(fake, ignore_conflicts=True, batch_size=1000)
    with transaction.atomic():
        index_counter_bump()
    before_model = rss_mb()
    semantic.embed_query("paspoort kwijt")
    print(f"RSS before loading the model {before_model:.0f} MB, after {rss_mb():.0f} MB")
    from voorkant.knowledge.search.documents import passage_text

    sample = [
        passage_text(item, item.search_document.plain_text)
        for item in KnowledgeItem.objects.select_related("search_document").order_by("pk")[: args.cold_sample]
    ]
    started, cpu_started = time.perf_counter(), time.process_time()
    semantic.embed_passages(sample)
    wall = (time.perf_counter() - started) / len(sample)
    cpu = (time.process_time() - cpu_started) / len(sample)
    print(
        f"cold passage embedding (sample of {len(sample)} real passages): {wall * 1000:.0f} ms wall, "
        f"{cpu * 1000:.0f} ms CPU per passage; {total} passages ≈ {wall * total / 60:.0f} min wall here"
    )
    with_semantic = os.environ.get("KNOWLEDGE_SEMANTIC")
    from django.conf import settings

    settings.KNOWLEDGE_SEMANTIC = True
    client.get("/kennisbank/zoeken/", {"q": "paspoort"})
    started = time.perf_counter()
    client.get("/kennisbank/zoeken/", {"q": "paspoort kwijt"})
    print(
        f"first request after vectors changed (attach {total} vectors): "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    print("semantic /kennisbank/zoeken/ (htmx):", fmt(timed_requests(client, "/kennisbank/zoeken/", queries)))
    settings.KNOWLEDGE_SEMANTIC = bool(with_semantic)
    print(f"load average at end: {os.getloadavg()}")
    print(f"RSS of this process (index of {total} items, vectors and model): {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
