"""Product type-ahead: GET /werkplek/producten/?q=<typed> over the whole UPL plus 500 local products.

What an agent types: prefixes of 2 to 8 characters of real product names (seeded), and some synonym terms
from the kennisbank's synonym list, which the type-ahead shares. Target: p95 <= 15 ms.
Run: .venv/bin/python bench/bench_typeahead.py (changes the bench database: loads the UPL, adds local
products and a few synonym groups once; set BENCH_DATABASE_URL to use a database of your own).
"""

from __future__ import annotations

import os
import random
import urllib.parse

from harness import (
    Client,
    Server,
    database_backend_pids,
    ensure_bench_database,
    manage,
    measure,
    pg_connect,
    process_cpu_seconds,
    report,
)

TARGET_P95_MS = 15
LOCAL_PRODUCTS = 500
REQUESTS = 600
SEED = 4

PREPARE = f"""
from voorkant.catalogue.models import Product
from voorkant.catalogue.services import product_create_local, upl_import
from voorkant.knowledge.models import SynonymGroup
from voorkant.knowledge.services import synonym_group_save

upl_import()
words = ["afval", "parkeren", "subsidie", "melding", "vergunning", "pas", "uitkering", "belasting", "zorg"]
have = Product.objects.filter(is_local=True).count()
for i in range(have, {LOCAL_PRODUCTS}):
    product_create_local(name=f"Eigen regeling {{words[i % len(words)]}} {{i:03d}}")
if not SynonymGroup.objects.exists():
    for terms in ["id-kaart, identiteitskaart", "rijbewijs, rijvaardigheidsbewijs", "afval, vuilnis",
                  "uitkering, bijstand", "wmo, maatschappelijke ondersteuning"]:
        synonym_group_save(terms=terms)
"""


def typed_queries() -> list[str]:
    with pg_connect() as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM catalogue_product ORDER BY id")]
        counts = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE is_local) FROM catalogue_product WHERE is_active"
        ).fetchone()
    rng = random.Random(SEED)
    queries = [rng.choice(names)[: rng.randint(2, 8)] for _ in range(REQUESTS)]
    synonyms = ["id-kaart", "vuilnis", "bijstand", "rijvaardig", "maatschappelijke"]
    for i in range(0, REQUESTS, 10):
        queries[i] = synonyms[(i // 10) % len(synonyms)]
    return queries, {"products_active": counts[0], "local_products": counts[1]}


def measure_with_cpu(server: Server, call, *, requests: int, warmup: int) -> dict:
    """``measure`` plus the CPU the gunicorn workers and their PostgreSQL backends spent per request, and the
    load average before and after: under load the CPU figure is the steadier one."""
    for i in range(warmup):
        call(-1 - i)
    workers, backends = server.worker_pids(), database_backend_pids()
    load_before = os.getloadavg()[0]
    before = process_cpu_seconds(workers), process_cpu_seconds(backends)
    result = measure(call, requests=requests, warmup=0)
    after = process_cpu_seconds(workers), process_cpu_seconds(backends)
    return {
        **result,
        "worker_cpu_ms_per_request": round((after[0] - before[0]) * 1000 / requests, 2),
        "postgres_cpu_ms_per_request": round((after[1] - before[1]) * 1000 / requests, 2),
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    database = ensure_bench_database()
    manage("shell", "-c", PREPARE)
    queries, catalogue = typed_queries()
    with Server() as server:
        client = Client(server.port)
        client.login("kcc")
        # The floor of the stack (gunicorn, middleware, one query), to read the type-ahead figure against.
        baseline = measure_with_cpu(
            server, lambda i: client.request("GET", "/health")[0], requests=300, warmup=30
        )

        def typeahead(i: int) -> int:
            q = urllib.parse.quote(queries[i % len(queries)])
            return client.request("GET", f"/werkplek/producten/?q={q}")[0]

        # The warm-up also loads every worker's product list before the CPU count starts.
        result = measure_with_cpu(server, typeahead, requests=REQUESTS, warmup=40)
        memory = server.worker_memory_mb()
    row = {"label": "GET /werkplek/producten/?q=… (type-ahead)", **result, "target_p95_ms": TARGET_P95_MS}
    report(
        "typeahead",
        [{"label": "GET /health (ondergrens: 1 query)", **baseline}, row],
        {
            "database": database,
            "catalogue": catalogue,
            "workers": memory,
            "cpu_ms_per_request": {
                "health": [baseline["worker_cpu_ms_per_request"], baseline["postgres_cpu_ms_per_request"]],
                "typeahead": [result["worker_cpu_ms_per_request"], result["postgres_cpu_ms_per_request"]],
                "columns": ["gunicorn workers", "PostgreSQL backends"],
                "clock_tick_ms": round(1000 / os.sysconf("SC_CLK_TCK"), 1),
            },
            "cores": os.cpu_count(),
            "meets_targets": result["p95_ms"] <= TARGET_P95_MS,
        },
    )
    if set(result["statuses"]) != {200}:
        raise SystemExit(f"unexpected statuses: {result['statuses']}")


if __name__ == "__main__":
    main()
